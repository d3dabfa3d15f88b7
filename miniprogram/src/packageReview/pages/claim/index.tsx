import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OfficerClaim } from '@shared/api/review';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { useLoad } from '../../../lib/use-load';
import { hasRole, ROLES } from '../../lib/access';
import { confirmChange } from '../../../lib/confirm';
import { DUE_LABELS, FLAG_LABELS, yuan } from '../../lib/labels';
import { loadedScreen, Row } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';
import { ApproveSheet, CorrectSheet, RejectSheet, RequestSheet, type Act } from './Dialogs';
import { ReassignSheet, RecoverySheet } from './Recovery';
import { FactsCard, HistoryCard, MaterialsCard, ProposalCard } from './Sections';

type Dialog = 'approve' | 'reject' | 'request' | 'correct' | 'recovery' | 'reassign' | null;
const DECIDABLE = ['submitted', 'centre_review', 'unit_precheck', 'appraisal'];

function Head({ claim }: { claim: OfficerClaim }) {
  return (
    <View className="card r-claim-head">
      <Text className="r-title">
        {claim.workerName} · {claim.benefitName}
      </Text>
      <Row label="状态">
        <Text className="r-claim-status">{claim.statusLabel}</Text>
      </Row>
      <Row label="项目">{claim.programName}</Row>
      <Row label="保障期">
        {claim.coverage.start} 至 {claim.coverage.end}
      </Row>
      <Row label="已等待">{claim.waitedDays} 天</Row>
      {claim.payoutDue ? (
        <Row label="发放期限">
          <Text className={`r-due--${claim.dueStatus ?? 'ok'}`}>
            {claim.payoutDue} {DUE_LABELS[claim.dueStatus ?? 'ok']}
          </Text>
        </Row>
      ) : null}
      <Row label="处理人">
        {claim.assignee ? (claim.assignee.isYou ? '我' : claim.assignee.name) : '未领取'}
      </Row>
      {claim.flags.length ? (
        <View className="r-flags">
          {claim.flags.map((f) => (
            <Text key={f} className={`r-flag r-flag--${f}`}>
              {FLAG_LABELS[f] ?? f}
            </Text>
          ))}
        </View>
      ) : null}
      {claim.openObjections ? (
        <View className="r-warn">有 {claim.openObjections} 条未处理的公示异议</View>
      ) : null}
      {claim.materialRequest ? (
        <View className="r-warn">已要求补充材料：{claim.materialRequest.note}</View>
      ) : null}
    </View>
  );
}

/** What the reviewer can do now: take / give back, then decide (each with its dialog and confirmation). */
function Actions({ claim, act, open }: { claim: OfficerClaim; act: Act; open: (d: Dialog) => void }) {
  const mine = claim.assignee?.isYou;
  if (!DECIDABLE.includes(claim.status)) return null;
  if (!mine)
    return (
      <View className="card r-actions-card">
        {claim.cannotDecideReason ? <Text className="muted">{claim.cannotDecideReason}</Text> : null}
        <Button
          className="r-take"
          block
          type="primary"
          disabled={!!claim.assignee}
          onClick={() => void act(() => call('review.assign', { claimId: claim.id }), '已领取')}
        >
          {claim.assignee ? `${claim.assignee.name} 正在处理` : '领取并审核'}
        </Button>
      </View>
    );
  const precheck = claim.status === 'unit_precheck';
  const passOn = async () => {
    if (await confirmChange('确认初审通过', '将提交中心审核'))
      await act(() => call('review.passOn', { claimId: claim.id }));
  };
  const refer = async () => {
    if (await confirmChange('提交鉴定会', '该申请将列入本季度重大疾病鉴定会议程'))
      await act(() => call('review.refer', { claimId: claim.id }));
  };
  return (
    <View className="card r-actions-card">
      {claim.cannotDecideReason ? <View className="r-warn">{claim.cannotDecideReason}</View> : null}
      <View className="r-actions">
        <Button
          className="r-release"
          type="default"
          onClick={() => void act(() => call('review.release', { claimId: claim.id }), '已放回队列')}
        >
          放回队列
        </Button>
        <Button className="r-open-correct" type="default" onClick={() => open('correct')}>
          更正信息
        </Button>
        <Button className="r-open-request" type="default" onClick={() => open('request')}>
          要求补材料
        </Button>
        <Button className="r-open-reject" type="danger" fill="outline" onClick={() => open('reject')}>
          不予通过
        </Button>
        {precheck ? (
          <Button className="r-pass-on" type="primary" onClick={() => void passOn()}>
            初审通过
          </Button>
        ) : claim.decidedByMeeting ? (
          <Button className="r-refer" type="primary" onClick={() => void refer()}>
            提交鉴定会
          </Button>
        ) : (
          <Button
            className="r-open-approve"
            type="primary"
            disabled={!claim.canDecide}
            onClick={() => open('approve')}
          >
            审核通过
          </Button>
        )}
      </View>
    </View>
  );
}

/** After payment (centre roles): 追回 a paid claim, 登记已追回 when the money is back; 转交 a held one. */
function CentreActions(props: { claim: OfficerClaim; act: Act; open: (d: Dialog) => void }) {
  const { claim, act, open } = props;
  const recovered = async () => {
    if (await confirmChange('登记已追回', `追回款 ${yuan(claim.decision?.amountFen)} 已退回`, '确认'))
      await act(() => call('review.recordRecovered', { claimId: claim.id, note: '追回款已退回' }), '已登记');
  };
  const held = claim.assignee && !claim.assignee.isYou && DECIDABLE.includes(claim.status);
  if (claim.status !== 'paid' && claim.status !== 'recovery' && !held) return null;
  return (
    <View className="card r-actions-card">
      <View className="r-actions">
        {held ? (
          <Button className="r-open-reassign" type="default" onClick={() => open('reassign')}>
            转交其他审核员
          </Button>
        ) : null}
        {claim.status === 'paid' ? (
          <Button className="r-open-recovery" type="danger" fill="outline" onClick={() => open('recovery')}>
            追回补助
          </Button>
        ) : null}
        {claim.status === 'recovery' ? (
          <Button className="r-recovered" type="primary" onClick={() => void recovered()}>
            登记已追回
          </Button>
        ) : null}
      </View>
    </View>
  );
}

function ClaimReview({ claimId, centre, orgId }: { claimId: string; centre: boolean; orgId: string }) {
  const [state, reload] = useLoad(() => call('review.get', { claimId }));
  const [claim, setClaim] = useState<OfficerClaim | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (state.status === 'ready') setClaim(state.data);
  }, [state]);
  const screen = loadedScreen(state, () => void reload());
  if (!claim) return <View className="page">{screen}</View>;
  const act: Act = async (run, done = '已保存') => {
    try {
      setClaim(await run());
      toast(done);
      return true;
    } catch (e) {
      toast(toAppError(e).message);
      void reload();
      return false;
    }
  };
  const props = { claim, act, onClose: () => setDialog(null) };
  return (
    <View className="page review-claim">
      <Head claim={claim} />
      <Actions claim={claim} act={act} open={setDialog} />
      {centre ? <CentreActions claim={claim} act={act} open={setDialog} /> : null}
      <ProposalCard claim={claim} />
      <MaterialsCard claim={claim} />
      <FactsCard facts={claim.facts} />
      <HistoryCard claim={claim} />
      {dialog === 'approve' ? <ApproveSheet {...props} /> : null}
      {dialog === 'reject' ? <RejectSheet {...props} /> : null}
      {dialog === 'request' ? <RequestSheet {...props} /> : null}
      {dialog === 'correct' ? <CorrectSheet {...props} /> : null}
      {dialog === 'recovery' ? <RecoverySheet {...props} /> : null}
      {dialog === 'reassign' ? <ReassignSheet {...props} orgId={orgId} /> : null}
    </View>
  );
}

export default function ReviewClaim() {
  const { params } = useRouter();
  const r = useReviewer(ROLES.view, '审核');
  if ('screen' in r) return r.screen;
  if (!params.id) {
    void Taro.navigateBack();
    return null;
  }
  return <ClaimReview claimId={params.id} centre={hasRole(r.me, ROLES.centre)} orgId={r.orgs[0].id} />;
}
