import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { useSession } from '../../../store/session';
import { loadMe } from '../../../store/load-me';
import { requireSignIn } from '../../../session/require-sign-in';
import { resumeAfterSignIn, takeResumeUrl } from '../../../lib/resume';
import { useLoad } from '../../../lib/use-load';
import { toast } from '../../../lib/toast';
import { formatChinaDateTime } from '../../../lib/format';
import { REGISTER_PAGE, withQuery } from '../../../routes';
import { OFFICER_PAGES } from '../../routes';
import { Row } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import './index.css';

/** Why an invite cannot be used, said plainly, with what to do next. */
const REFUSALS: Record<string, string> = {
  'OFFICER.INVITE_EXPIRED': '邀请已过期',
  'OFFICER.INVITE_USED_UP': '邀请的使用次数已满',
  'OFFICER.INVITE_REVOKED': '邀请已被撤销',
  'OFFICER.INVITE_NOT_FOUND': '邀请码无效',
  'OFFICER.RATE_LIMITED': '查询过于频繁',
};

function sceneFrom(params: Record<string, string | undefined>): string {
  const raw = params.scene ?? '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/**
 * Landing page of an officer invite's QR code (`?scene=<token>`): what it grants, sign-in and
 * real-name registration on the way if needed, then 接受邀请 (`officer.acceptInvite`).
 */
export default function AcceptInvite() {
  const { params } = useRouter();
  const token = sceneFrom(params);
  const me = useSession((s) => s.me);
  const meStatus = useSession((s) => s.meStatus);
  const [invite, reload] = useLoad(() => call('officer.resolveInvite', { token }));
  const [accepting, setAccepting] = useState(false);
  const [acceptError, setAcceptError] = useState<{ code: string; message: string } | null>(null);

  useDidShow(() => {
    if (!token) return;
    if (process.env.TARO_ENV === 'h5')
      resumeAfterSignIn(withQuery(OFFICER_PAGES.acceptInvite, { scene: token }));
    if (!requireSignIn()) return;
    void Promise.all([loadMe(), reload()]).then(() => {
      if (useSession.getState().me) takeResumeUrl();
    });
  });

  if (!token) {
    return (
      <View className="page accept">
        <PageEmpty title="没有邀请码" description="请使用微信扫描邀请人出示的邀请二维码" />
      </View>
    );
  }
  if (invite.status === 'error') {
    const title = REFUSALS[invite.error.code];
    return (
      <View className="page accept">
        {title ? (
          <View className="card accept-refused">
            <Text className="accept-refused__title">{title}</Text>
            <Text className="accept-refused__text">{invite.error.message}</Text>
          </View>
        ) : (
          <PageError message={invite.error.message} onRetry={() => void reload()} />
        )}
      </View>
    );
  }
  if (invite.status === 'loading' || !me) {
    return meStatus === 'error' ? (
      <PageError message="加载失败" onRetry={() => void loadMe()} />
    ) : (
      <PageLoading />
    );
  }

  const inv = invite.data;
  const held = me.grants.some((g) => g.role === inv.role && g.orgId === inv.orgId);

  const accept = async () => {
    const ok = await confirmChange(
      '接受邀请',
      `接受后，您将成为“${inv.orgName}”的${inv.roleLabel}，可办理相应的经办事项。`,
      '接受',
    );
    if (!ok) return;
    setAccepting(true);
    setAcceptError(null);
    try {
      const r = await call('officer.acceptInvite', { token });
      await loadMe();
      toast(r.alreadyHeld ? '您已拥有该角色' : `已成为${inv.roleLabel}`);
      void Taro.redirectTo({ url: OFFICER_PAGES.home });
    } catch (e) {
      const err = toAppError(e);
      setAcceptError({ code: err.code, message: err.message });
    } finally {
      setAccepting(false);
    }
  };

  return (
    <View className="page accept">
      <View className="card accept-grant">
        <Text className="accept-grant__label">邀请您担任</Text>
        <Text className="accept-grant__role">{inv.roleLabel}</Text>
        <Row label="所属组织">{inv.orgName}</Row>
        <Row label="邀请有效期至">
          <Text className="nowrap">{formatChinaDateTime(inv.expiresAt)}</Text>
        </Row>
      </View>
      {held ? (
        <View className="card accept-step">
          <Text className="accept-step__text o-ok">您已拥有该角色，无需再次接受。</Text>
          <Button
            className="accept-home"
            type="primary"
            block
            onClick={() => void Taro.redirectTo({ url: OFFICER_PAGES.home })}
          >
            进入经办工作台
          </Button>
        </View>
      ) : !me.registered ? (
        <View className="card accept-step">
          <Text className="accept-step__text">接受邀请前，请先完成实名登记（姓名、身份证号、手机号）。</Text>
          <Button
            className="accept-register"
            type="primary"
            block
            onClick={() => void Taro.navigateTo({ url: REGISTER_PAGE })}
          >
            去实名登记
          </Button>
        </View>
      ) : (
        <View className="card accept-step">
          <Text className="accept-step__text">
            请确认邀请人、组织和角色无误后接受。经办人员的每项操作都会记录在案。
          </Text>
          {acceptError ? (
            <View className="error-text accept-error">
              {REFUSALS[acceptError.code] ? `${REFUSALS[acceptError.code]}：` : ''}
              {acceptError.message}
            </View>
          ) : null}
          <Button
            className="accept-submit"
            type="primary"
            block
            size="large"
            loading={accepting}
            onClick={() => void accept()}
          >
            接受邀请
          </Button>
        </View>
      )}
    </View>
  );
}
