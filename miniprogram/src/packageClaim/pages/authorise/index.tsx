import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageError, PageLoading } from '../../../components/PageState';
import { requireSignIn } from '../../../session/require-sign-in';
import { useLoad } from '../../../lib/use-load';
import { toast } from '../../../lib/toast';
import { CLAIM_NEW_PAGE, withQuery } from '../../../routes';
import { AuthorisationList } from './AuthorisationList';
import { CodeCard } from './CodeCard';
import '../../claim.css';

type Granted = OutputOf<'claim.grantAuthorisation'>;

async function load() {
  const [mine, auth] = await Promise.all([
    call('enrollment.mine', {}).catch(() => ({ items: [] })),
    call('claim.authorisations', {}),
  ]);
  return { active: mine.items.filter((e) => e.status === 'active'), ...auth };
}

/**
 * 代办授权: the worker gives a family member a one-time code (or lets the unit's union file), sees
 * and revokes what they granted; a family member enters a code here and can then file.
 */
export default function Authorise() {
  const [state, reload] = useLoad(load);
  const [issued, setIssued] = useState<Granted | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error')
    return (
      <View className="page claim-page">
        <PageError message={state.error.message} onRetry={() => void reload()} />
      </View>
    );
  const { active, granted, received } = state.data;

  const grant = async (enrollmentId: string, to: 'family' | 'unit_officer') => {
    setBusy(true);
    try {
      const r = await call('claim.grantAuthorisation', { enrollmentId, to });
      if (r.code) setIssued(r);
      else toast('已授权单位工会代办');
      await reload();
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const accept = async () => {
    setCodeError(null);
    const c = code.trim().toUpperCase();
    if (!/^[0-9A-Z]{10}$/.test(c)) {
      setCodeError('授权码为 10 位字母或数字');
      return;
    }
    setBusy(true);
    try {
      const a = await call('claim.acceptAuthorisation', { code: c });
      setCode('');
      toast('授权已生效');
      await reload();
      void Taro.navigateTo({ url: withQuery(CLAIM_NEW_PAGE, { enrollmentId: a.enrollmentId }) });
    } catch (e) {
      setCodeError(toAppError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page claim-page claim-auth">
      {issued?.code ? (
        <CodeCard code={issued.code} authorisation={issued.authorisation} onClose={() => setIssued(null)} />
      ) : null}

      <Text className="section-title">请家属代我申请</Text>
      {active.length === 0 ? (
        <View className="card claim-note-card">您还没有生效的参保记录，暂不能授权他人代办。</View>
      ) : (
        active.map((e) => (
          <View key={e.id} className="card claim-auth__enrolment">
            <Text className="claim-row__title">
              <Text className="nowrap">{e.coverage.start.slice(0, 4)} 年度</Text> · {e.programName}
            </Text>
            <Text className="claim-note">
              生成一次性授权码交给家属，家属在本页输入后即可代您申请补助。授权码 24 小时内有效，只能使用一次。
            </Text>
            <View className="claim-actions">
              <Button
                className="claim-auth__family claim-primary"
                type="primary"
                disabled={busy}
                onClick={() => void grant(e.id, 'family')}
              >
                生成授权码
              </Button>
              <Button
                className="claim-auth__unit"
                fill="outline"
                type="primary"
                disabled={busy}
                onClick={() => void grant(e.id, 'unit_officer')}
              >
                授权单位工会代办
              </Button>
            </View>
          </View>
        ))
      )}

      <AuthorisationList granted={granted} received={received} onChanged={() => void reload()} />

      <Text className="section-title">我是家属：输入授权码</Text>
      <View className="card claim-auth__accept">
        <Input
          className="claim-input claim-auth__code"
          maxLength={10}
          placeholder="参保职工给您的 10 位授权码"
          value={code}
          onChange={(v) => setCode(v.toUpperCase())}
        />
        {codeError ? <View className="error-text">{codeError}</View> : null}
        <Button
          className="claim-primary claim-auth__accept-go"
          block
          type="primary"
          loading={busy}
          onClick={() => void accept()}
        >
          确认授权码
        </Button>
      </View>
    </View>
  );
}
