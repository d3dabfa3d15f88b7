import { useEffect } from 'react';
import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { decodeCertificateScene } from '@shared/enrolment/certificate-scene';
import { call } from '../../api/client';
import { PageError, PageLoading } from '../../components/PageState';
import { useLoad } from '../../lib/use-load';
import { COVERAGE_STATE_LABELS } from '../../lib/coverage';
import { Period } from '../../components/Nowrap';
import './index.css';

const CERT_NO = /^[0-9A-Z-]{6,40}$/;
const CODE = /^[0-9a-f]{8,64}$/;

/** A mini-program code carries number and check code together in `scene`; a link carries both. */
function certificateFromParams(params: Record<string, string | undefined>): { no: string; code: string } {
  const fromScene = params.scene ? decodeCertificateScene(decodeURIComponent(params.scene)) : null;
  if (fromScene) return { no: fromScene.certificateNo, code: fromScene.code };
  return { no: decodeURIComponent(params.no ?? '').trim(), code: (params.code ?? '').trim() };
}

/**
 * Public check of an electronic certificate from its QR code: anyone may open it without signing
 * in, and learns only whether it is valid, with masked data.
 */
export default function Verify() {
  const { params } = useRouter();
  const { no, code } = certificateFromParams(params);
  const wellFormed = CERT_NO.test(no) && CODE.test(code);
  const [result, reload] = useLoad(() => call('enrollment.verifyCertificate', { certificateNo: no, code }));

  useEffect(() => {
    if (wellFormed) void reload();
  }, [no, code, wellFormed, reload]);

  let body;
  if (!wellFormed) body = <PageError message="核验链接不完整，请重新扫描保单上的二维码" />;
  else if (result.status === 'loading') body = <PageLoading text="正在核验…" />;
  else if (result.status === 'error')
    body = <PageError message={result.error.message} onRetry={() => void reload()} />;
  else {
    const r = result.data;
    // The server says where the cover stands today (待生效 / 保障中 / 已到期): a valid certificate
    // for next year's cover is genuine, but not yet in force.
    const stateLabel = r.state ? COVERAGE_STATE_LABELS[r.state] : null;
    const validText =
      r.state === 'upcoming'
        ? '该电子保单真实有效，保障尚未开始。'
        : r.state === 'expired'
          ? '该电子保单真实有效，保障期已结束。'
          : '该电子保单真实有效，正在保障期内。';
    body = (
      <View className={`card verify-result verify-result--${r.valid ? 'valid' : 'invalid'}`}>
        <View className="verify-result__icon">{r.valid ? '✓' : '✕'}</View>
        <Text className="verify-result__title">{r.valid ? '保单有效' : '保单无效'}</Text>
        {r.valid && (r.status || stateLabel) ? (
          <Text className={`verify-result__state verify-result__state--${r.state ?? ''} nowrap`}>
            {r.status ?? stateLabel}
          </Text>
        ) : null}
        <Text className="verify-result__sub">
          {r.valid
            ? validText
            : r.status
              ? `该保单状态：${r.status}`
              : '未查到与该二维码相符的保单，请谨防伪造。'}
        </Text>
        {r.programName ? <Text className="verify-result__program">{r.programName}</Text> : null}
        <View className="verify-rows">
          <View className="verify-row">
            <Text className="verify-row__label">保单号</Text>
            <Text className="verify-row__value nowrap">{no}</Text>
          </View>
          {r.insuredName ? (
            <View className="verify-row">
              <Text className="verify-row__label">被保障人</Text>
              <Text className="verify-row__value">{r.insuredName}</Text>
            </View>
          ) : null}
          {r.coverage ? (
            <View className="verify-row">
              <Text className="verify-row__label">保障期间</Text>
              <Period className="verify-row__value" period={r.coverage} />
            </View>
          ) : null}
        </View>
      </View>
    );
  }

  return (
    <View className="page verify">
      <View className="verify-head">电子保单核验</View>
      {body}
    </View>
  );
}
