import { View, Text } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { call } from '../../api/client';
import { PageError, PageLoading } from '../../components/PageState';
import { QrImage } from '../../components/QrImage';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { formatChinaDate, formatPeriod } from '../../lib/format';
import './detail.css';

/**
 * What the certificate's QR code opens. H5: this app's verify page on the same origin. WeChat:
 * the page path, which the mini-program's own scanner can open; a code that WeChat's camera can
 * open needs a server-made wxacode or URL link.
 */
function verifyTarget(verifyPath: string): string {
  if (process.env.TARO_ENV === 'h5')
    return `${window.location.origin}${window.location.pathname}#/${verifyPath}`;
  return `/${verifyPath}`;
}

/** 电子保单: the certificate of an enrolment in force, with a QR code anyone can verify. */
export default function Certificate() {
  const { params } = useRouter();
  const enrollmentId = params.id ?? '';
  const [cert, reload] = useLoad(() => call('enrollment.certificate', { enrollmentId }));

  useDidShow(() => {
    if (requireSignIn() && enrollmentId) void reload();
  });

  if (!enrollmentId)
    return (
      <View className="page certificate">
        <PageError message="缺少参保记录编号" />
      </View>
    );
  if (cert.status === 'loading')
    return (
      <View className="page certificate">
        <PageLoading />
      </View>
    );
  if (cert.status === 'error')
    return (
      <View className="page certificate">
        <PageError message={cert.error.message} onRetry={() => void reload()} />
      </View>
    );

  const c = cert.data;
  const rows: [string, string][] = [
    ['被保障人', c.insuredName],
    ['身份证号', c.idMasked],
    ['所在单位', c.unitName],
    ['保障地区', c.region],
    ['保障期间', formatPeriod(c.coverage)],
    ['签发日期', formatChinaDate(c.issuedAt)],
  ];
  return (
    <View className="page certificate">
      <View className="cert-card">
        <View className="cert-card__head">
          <Text className="cert-card__kind">电子保单</Text>
          <Text className="cert-card__name">{c.programName}</Text>
          <Text className="cert-card__no">保单号 {c.certificateNo}</Text>
        </View>
        <View className="cert-card__body">
          {rows.map(([label, value]) => (
            <View key={label} className="cert-row">
              <Text className="cert-row__label">{label}</Text>
              <Text className="cert-row__value">{value}</Text>
            </View>
          ))}
          <View className="cert-benefits">
            <Text className="cert-benefits__title">保障责任</Text>
            {c.benefits.map((b) => (
              <Text key={b} className="cert-benefits__item">
                {b}
              </Text>
            ))}
          </View>
          <View className="cert-qr">
            <QrImage className="cert-qr__image" text={verifyTarget(c.verifyPath)} size={150} />
            <Text className="cert-qr__hint">扫码核验保单真伪</Text>
          </View>
        </View>
      </View>
    </View>
  );
}
