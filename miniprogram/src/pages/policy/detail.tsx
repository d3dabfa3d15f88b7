import { useState } from 'react';
import { View, Text, Canvas, Image } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { toAppError } from '../../api/errors';
import { toast } from '../../lib/toast';
import { call } from '../../api/client';
import { PageError, PageLoading } from '../../components/PageState';
import { QrImage } from '../../components/QrImage';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { chinaToday, formatChinaDate, formatPeriod } from '../../lib/format';
import { COVERAGE_STATE_TONES, coverageState, coverageStateText } from '../../lib/coverage';
import { saveCertificateImage } from './cert-image';
import './detail.css';

/**
 * What the client-drawn QR code opens. H5: this app's verify page on the same origin. In WeChat
 * the page shows the server-made mini-program code instead (`verifyQrImageUrl`), which WeChat's
 * camera opens; the path is only the fallback when that code could not be made.
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
  const [saving, setSaving] = useState(false);

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
  const today = chinaToday();
  const state = coverageState(c.coverage, today);
  const stateText = coverageStateText(c.coverage, today);
  const save = async () => {
    setSaving(true);
    try {
      await saveCertificateImage({ ...c, stateText, verifyUrl: verifyTarget(c.verifyPath) });
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setSaving(false);
    }
  };
  // Dates, numbers and the masked ID are kept on one line; names may wrap.
  const rows: [string, string, boolean][] = [
    ['被保障人', c.insuredName, false],
    ['身份证号', c.idMasked, true],
    ['所在单位', c.unitName, false],
    ['保障地区', c.region, false],
    ['保障期间', formatPeriod(c.coverage), true],
    ['签发日期', formatChinaDate(c.issuedAt), true],
  ];
  return (
    <View className="page certificate">
      <View className="cert-card">
        <View className="cert-card__head">
          <Text className="cert-card__kind">电子保单</Text>
          <Text className="cert-card__name">{c.programName}</Text>
          <Text className="cert-card__no">
            保单号 <Text className="nowrap">{c.certificateNo}</Text>
          </Text>
          <Text
            className={`cert-card__state cert-card__state--${state} cert-card__state--${COVERAGE_STATE_TONES[state]}`}
          >
            {stateText}
          </Text>
        </View>
        <View className="cert-card__body">
          {rows.map(([label, value, whole]) => (
            <View key={label} className="cert-row">
              <Text className="cert-row__label">{label}</Text>
              <Text className={`cert-row__value ${whole ? 'nowrap' : ''}`}>{value}</Text>
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
            {process.env.TARO_ENV !== 'h5' && c.verifyQrImageUrl ? (
              <Image
                className="cert-qr__image"
                src={c.verifyQrImageUrl}
                style={{ width: '150px', height: '150px' }}
              />
            ) : (
              <QrImage className="cert-qr__image" text={verifyTarget(c.verifyPath)} size={150} />
            )}
            <Text className="cert-qr__hint">扫码核验保单真伪</Text>
          </View>
        </View>
      </View>
      <Button
        className="cert-save"
        block
        size="large"
        type="primary"
        fill="outline"
        loading={saving}
        onClick={() => void save()}
      >
        保存图片
      </Button>
      {/* WeChat draws the image here (off screen); H5 draws on a detached <canvas>. */}
      {process.env.TARO_ENV === 'h5' ? null : <Canvas type="2d" id="cert-canvas" className="cert-canvas" />}
    </View>
  );
}
