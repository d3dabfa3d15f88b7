import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { UnitSummary } from '@shared/api/org';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { resumeAfterSignIn, takeResumeUrl } from '../../lib/resume';
import { useLoad } from '../../lib/use-load';
import { toast } from '../../lib/toast';
import { joinUnit } from '../../lib/join';
import { ENROL_PAGE, JOIN_PAGE, REGISTER_PAGE, UNITS_PAGE, withQuery } from '../../routes';
import './index.css';

/**
 * Landing page of the unit QR code (wxacode.getUnlimited → `scene`, URL-encoded by WeChat; on H5
 * the same query parameter). Sign-in and registration happen on the way, then the worker joins
 * the unit at once: the unit's own code is its invitation.
 */
function sceneFrom(params: Record<string, string | undefined>): string {
  const raw = params.scene ?? '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

export default function Join() {
  const { params } = useRouter();
  const scene = sceneFrom(params);
  const me = useSession((s) => s.me);
  const meStatus = useSession((s) => s.meStatus);
  const meError = useSession((s) => s.meError);
  const [unit, reloadUnit] = useLoad<UnitSummary>(() => call('org.resolveScene', { scene }));
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<string | null>(null);

  useDidShow(() => {
    if (!scene) return;
    // Come back to this very code if signing in is needed first (no session yet, or it expires
    // during the calls below: the transport then sends the user to the login page).
    if (process.env.TARO_ENV === 'h5') resumeAfterSignIn(withQuery(JOIN_PAGE, { scene }));
    if (!requireSignIn()) return;
    // Registration may just have happened on the page we return from: always refresh.
    void Promise.all([loadMe(), reloadUnit()]).then(() => {
      if (useSession.getState().me) takeResumeUrl();
    });
  });

  const join = async () => {
    setJoining(true);
    setJoinError(null);
    try {
      const joined = await joinUnit({ via: 'qr', scene });
      if (!joined) return;
      await loadMe();
      toast(`已加入 ${joined.unit.name}`);
      // The offers page repeats it, in case the toast is missed during the page change.
      void Taro.redirectTo({ url: withQuery(ENROL_PAGE, { joined: joined.unit.name }) });
    } catch (e) {
      setJoinError(toAppError(e).message);
    } finally {
      setJoining(false);
    }
  };

  if (!scene) {
    return (
      <View className="page join">
        <PageEmpty title="没有单位码" description="请使用微信扫描单位工会出示的二维码" />
        <Button
          className="join-search"
          block
          type="default"
          onClick={() => void Taro.navigateTo({ url: UNITS_PAGE })}
        >
          搜索单位申请加入
        </Button>
      </View>
    );
  }
  if (unit.status === 'error') {
    return (
      <View className="page join">
        <PageError message={unit.error.message} onRetry={() => void reloadUnit()} />
        <Button
          className="join-search"
          block
          type="default"
          onClick={() => void Taro.navigateTo({ url: UNITS_PAGE })}
        >
          搜索单位申请加入
        </Button>
      </View>
    );
  }
  if (meStatus === 'error') {
    return (
      <View className="page join">
        <PageError message={meError ?? ''} onRetry={() => void loadMe()} />
      </View>
    );
  }
  if (unit.status === 'loading' || !me) {
    return (
      <View className="page join">
        <PageLoading />
      </View>
    );
  }

  const u = unit.data;
  const member = me.unitId === u.id && me.unitStatus === 'approved';
  const elsewhere = Boolean(me.unitId) && me.unitId !== u.id;

  return (
    <View className="page join">
      <View className="card join-unit">
        <Text className="join-unit__label">邀请您加入</Text>
        <Text className="join-unit__name">{u.name}</Text>
        {u.parentName ? <Text className="join-unit__parent">上级工会：{u.parentName}</Text> : null}
      </View>

      {!me.registered ? (
        <View className="card join-step">
          <Text className="join-step__text">加入单位前，请先完成实名登记（姓名、身份证号、手机号）。</Text>
          <Button
            className="join-register"
            type="primary"
            block
            size="large"
            onClick={() => void Taro.navigateTo({ url: REGISTER_PAGE })}
          >
            去实名登记
          </Button>
        </View>
      ) : member ? (
        <View className="card join-step">
          <Text className="join-step__text join-step__text--ok">您已是该单位成员。</Text>
          <Button
            className="join-enrol"
            type="primary"
            block
            size="large"
            onClick={() => void Taro.redirectTo({ url: ENROL_PAGE })}
          >
            去参保缴费
          </Button>
        </View>
      ) : (
        <View className="card join-step">
          {elsewhere ? (
            <Text className="join-step__text join-step__text--warn">
              您当前登记在“{me.unitName ?? '其他单位'}”{me.unitStatus === 'pending' ? '（审核中）' : ''}
              ，加入后将改为本单位。
            </Text>
          ) : (
            <Text className="join-step__text">确认这是您所在的单位后加入，即可参保缴费。</Text>
          )}
          {joinError ? <View className="error-text join-error">{joinError}</View> : null}
          <Button
            className="join-submit"
            type="primary"
            block
            size="large"
            loading={joining}
            onClick={() => void join()}
          >
            加入该单位
          </Button>
        </View>
      )}
    </View>
  );
}
