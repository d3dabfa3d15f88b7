import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { requireSignIn } from '../../../session/require-sign-in';
import { useLoad } from '../../../lib/use-load';
import { formatChinaDate, formatYuan } from '../../../lib/format';
import { CLAIM_DETAIL_PAGE, CLAIM_FORM_PAGE, CLAIM_NEW_PAGE, withQuery } from '../../../routes';
import { ClaimStatusTag } from '../../components/ClaimStatus';
import '../../claim.css';

type Summary = OutputOf<'claim.mine'>['items'][number];

/** Mine, and those filed for the workers who authorised me (each enrolment read with claim.list). */
async function load() {
  const [mine, auth] = await Promise.all([
    call('claim.mine', {}),
    call('claim.authorisations', {}).catch(() => ({ granted: [], received: [] })),
  ]);
  const received = auth.received.filter((a) => a.status === 'active');
  const forOthers = (
    await Promise.all(
      received.map((a) => call('claim.list', { enrollmentId: a.enrollmentId }).catch(() => ({ items: [] }))),
    )
  ).flatMap((r) => r.items);
  return { mine: mine.items, forOthers };
}

function open(c: Summary) {
  const page = c.status === 'draft' ? CLAIM_FORM_PAGE : CLAIM_DETAIL_PAGE;
  void Taro.navigateTo({ url: withQuery(page, { id: c.id }) });
}

function Item({ c }: { c: Summary }) {
  const amount = c.decidedFen ?? c.estimateFen;
  return (
    <View className={`card claim-item claim-item--${c.status}`} role="button" onClick={() => open(c)}>
      <View className="claim-item__head">
        <Text className="claim-item__name">{c.benefitName}</Text>
        <ClaimStatusTag status={c.status} />
      </View>
      <Text className="claim-item__meta">
        <Text className="nowrap">{c.year} 年度</Text> · {c.programName}
      </Text>
      <View className="claim-item__foot">
        <Text className="claim-item__date nowrap">
          {c.submittedAt
            ? `提交于 ${formatChinaDate(c.submittedAt)}`
            : `创建于 ${formatChinaDate(c.createdAt)}`}
        </Text>
        {amount !== undefined ? (
          <Text className="claim-item__amount nowrap">
            {c.decidedFen !== undefined ? '核定 ' : '预估 '}
            {formatYuan(amount)}
          </Text>
        ) : null}
      </View>
      {c.filedBy.isYou ? null : <Text className="claim-note">由 {c.filedBy.name || '代办人'} 代办</Text>}
      {c.status === 'needs_material' ? <Text className="claim-item__todo">请补充材料 ›</Text> : null}
      {c.status === 'draft' ? <Text className="claim-item__todo">继续填写 ›</Text> : null}
    </View>
  );
}

/** 我的申请: every claim with its status, newest first (the API returns up to 100, unpaged). */
export default function MyClaims() {
  const [state, reload] = useLoad(load);

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
  const { mine, forOthers } = state.data;
  return (
    <View className="page claim-page claim-mine">
      {mine.length === 0 && forOthers.length === 0 ? (
        <PageEmpty title="还没有补助申请" description="保障期内住院、大病、工伤，可在线申请补助。" />
      ) : null}
      {mine.map((c) => (
        <Item key={c.id} c={c} />
      ))}
      {forOthers.length ? <Text className="section-title">我代办的申请</Text> : null}
      {forOthers.map((c) => (
        <View key={c.id}>
          <Text className="claim-note">参保职工：{c.workerName}</Text>
          <Item c={c} />
        </View>
      ))}
      <Button
        className="claim-primary claim-mine__new"
        block
        type="primary"
        onClick={() => void Taro.navigateTo({ url: CLAIM_NEW_PAGE })}
      >
        申请补助
      </Button>
    </View>
  );
}
