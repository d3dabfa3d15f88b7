import { useEffect, useRef, useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { DeclarationCode } from '@shared/api/enrollment';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageError } from '../../components/PageState';
import { SignaturePad, type SignaturePadHandle } from '../../components/SignaturePad';
import { ENROL_PAY_PAGE, POLICY_DETAIL_PAGE, withQuery } from '../../routes';
import { forgetForSession, keepForSession, keptForSession } from '../../lib/session-store';
import { noticeVersionLabel, signatureKey } from '../../lib/notice';
import './enrol.css';
import './sign.css';

const DECLARATION_LABELS: Record<DeclarationCode, string> = {
  UNION_MEMBER: '本人是工会会员',
  BASIC_MEDICAL_INSURANCE: '本人已参加基本医疗保险',
};
const DECLARATION_CODES = Object.keys(DECLARATION_LABELS) as DeclarationCode[];

/** The declarations ticked on the detail page (`UNION_MEMBER,BASIC_MEDICAL_INSURANCE`). */
function declarationsFrom(raw: string | undefined): DeclarationCode[] {
  const codes = decodeURIComponent(raw ?? '').split(',');
  return DECLARATION_CODES.filter((c) => codes.includes(c));
}

/**
 * The handwritten authorisation: the worker signs, and the enrolment is created with the consent
 * to exactly the notice version and hash the detail page showed.
 */
export default function Sign() {
  const { params } = useRouter();
  const programId = params.programId ?? '';
  const version = params.version ? decodeURIComponent(params.version) : '';
  const programName = params.name ? decodeURIComponent(params.name) : '';
  const hash = params.hash ?? '';
  const declarations = declarationsFrom(params.declarations);
  const pad = useRef<SignaturePadHandle>(null);
  const [empty, setEmpty] = useState(true);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The signature drawn earlier this session for exactly this notice: back or reload keeps it.
  const key = signatureKey(programId, hash);
  const [kept, setKept] = useState<string | null>(() => (programId && hash ? keptForSession(key) : null));
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (saveTimer.current) clearTimeout(saveTimer.current);
    },
    [],
  );

  /** Each finished stroke: keep the drawing for the session (a moment later, once drawn). */
  const keepDrawing = () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      pad.current
        ?.toPngBase64()
        .then((png) => keepForSession(key, png))
        .catch(() => undefined);
    }, 400);
  };

  if (!programId || !version || !/^[0-9a-f]{64}$/.test(hash)) {
    return (
      <View className="page enrol-sign">
        <PageError message="请从项目详情页阅读参保须知后再签名" />
      </View>
    );
  }

  const submit = async () => {
    setError(null);
    setSubmitting(true);
    try {
      const signaturePng = kept ?? (await pad.current!.toPngBase64());
      keepForSession(key, signaturePng);
      const e = await call('enrollment.enrol', {
        programId,
        consent: { version, hash, agreed: true },
        signaturePng,
        declarations,
      });
      forgetForSession(key);
      // Replace this page: going back from paying should not offer to sign again.
      if (e.status === 'active') void Taro.redirectTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: e.id }) });
      else void Taro.redirectTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: e.id }) });
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'ENROLL.NOTICE_CHANGED') {
        void Taro.showModal({ title: '参保须知已更新', content: e.message, showCancel: false }).then(() =>
          Taro.navigateBack(),
        );
      }
      setError(e.message);
      setSubmitting(false);
    }
  };

  return (
    <View className="page enrol-sign">
      <View className="card">
        <Text className="enrol-sign__title">手写签名确认</Text>
        <Text className="enrol-sign__text">
          本人已阅读并同意《{programName || '本项目'}参保须知》
          {noticeVersionLabel(version) ? `（${noticeVersionLabel(version)}）` : ''}
          ，自愿参加本期职工互助保障，并授权单位工会办理参保。请在下方框内签写本人姓名。
        </Text>
        {declarations.length > 0 ? (
          <Text className="enrol-sign__declared">
            已声明：{declarations.map((c) => DECLARATION_LABELS[c]).join('、')}
          </Text>
        ) : null}
        {kept ? (
          <View className="enrol-sign__kept">
            <Image
              className="enrol-sign__kept-image"
              src={`data:image/png;base64,${kept}`}
              mode="aspectFit"
              style={{ height: '220px' }}
            />
            <Text className="enrol-sign__kept-hint muted">已保留您本次签写的签名</Text>
          </View>
        ) : (
          <SignaturePad
            ref={pad}
            className="enrol-sign__pad"
            height={220}
            onChange={(isEmpty) => {
              setEmpty(isEmpty);
              if (!isEmpty) {
                setError(null);
                keepDrawing();
              } else forgetForSession(key);
            }}
          />
        )}
        {error ? <View className="error-text enrol-sign__error">{error}</View> : null}
        <View className="enrol-actions">
          <Button
            className="enrol-actions__btn enrol-sign__clear"
            type="default"
            disabled={submitting}
            onClick={() => {
              pad.current?.clear();
              forgetForSession(key);
              setKept(null);
              setEmpty(true);
              setError(null);
            }}
          >
            {kept ? '重新签名' : '清除'}
          </Button>
          <Button
            className="enrol-actions__btn enrol-sign__submit"
            type="primary"
            loading={submitting}
            onClick={() => void submit()}
          >
            {empty && !kept ? '确认签名' : '确认签名并提交'}
          </Button>
        </View>
      </View>
    </View>
  );
}
