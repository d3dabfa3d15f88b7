import { useEffect, useRef, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { toast } from '../../../lib/toast';
import { formatChinaDateTime } from '../../../lib/format';
import { PAYMENT_ROLES, grantOrgs } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { useParam } from '../../lib/program-param';
import { Choice, Row } from '../../lib/ui';
import { formatYuan } from '../../lib/fmt';
import { ReasonDialog } from '../../lib/ReasonDialog';

type Reply = OutputOf<'officer.paymentIssues'>;
type Issue = Reply['items'][number];
type Kind = Issue['kind'];

function IssueCard({ i, onResolve }: { i: Issue; onResolve: () => void }) {
  return (
    <View className={`card pay-issue pay-issue--${i.kind}`}>
      <View className="review-app__head">
        <Text className="o-title">{i.type}</Text>
        <Tag type={i.resolved ? 'success' : 'warning'}>{i.resolved ? '已处理' : i.status}</Tag>
      </View>
      <Row label="时间">{formatChinaDateTime(i.at)}</Row>
      {i.amountFen !== undefined ? <Row label="金额">{formatYuan(i.amountFen)}</Row> : null}
      {i.workerNameMasked ? <Row label="职工">{i.workerNameMasked}</Row> : null}
      {i.outTradeNo ? <Row label="商户单号">{i.outTradeNo}</Row> : null}
      {i.enrollmentId ? <Row label="参保记录">{i.enrollmentId}</Row> : null}
      {i.note ? <Row label="处理说明">{i.note}</Row> : null}
      {!i.resolved ? (
        <View className="o-actions">
          <Button className="pay-issue__resolve" size="small" type="primary" onClick={onResolve}>
            登记处理结果
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function Issues({ orgId, kind, resolved }: { orgId: string; kind: Kind; resolved: boolean }) {
  const [items, setItems] = useState<Issue[]>([]);
  const [next, setNext] = useState<Reply['next']>(undefined);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const [more, setMore] = useState(false);
  const [resolving, setResolving] = useState<Issue | null>(null);
  const seq = useRef(0);

  const load = async (before?: Reply['next']) => {
    const mine = ++seq.current;
    if (before) setMore(true);
    try {
      const r = await call('officer.paymentIssues', {
        kind,
        resolved,
        orgId,
        pageSize: 20,
        ...(before ? { before } : {}),
      });
      if (mine !== seq.current) return;
      setItems((shown) => (before ? [...shown, ...r.items] : r.items));
      setNext(r.next);
      setStatus('ready');
    } catch (e) {
      if (mine !== seq.current) return;
      if (before) toast(toAppError(e).message);
      else {
        setError(toAppError(e).message);
        setStatus('error');
      }
    } finally {
      setMore(false);
    }
  };

  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (status === 'loading') return <PageLoading />;
  if (status === 'error') return <PageError message={error} onRetry={() => void load()} />;
  return (
    <View>
      {items.length === 0 ? <PageEmpty title={resolved ? '没有已处理的记录' : '没有待处理的问题'} /> : null}
      {items.map((i) => (
        <IssueCard key={`${i.kind}-${i.id}`} i={i} onResolve={() => setResolving(i)} />
      ))}
      {next ? (
        <Button className="o-more" block type="default" loading={more} onClick={() => void load(next)}>
          加载更多
        </Button>
      ) : items.length ? (
        <Text className="muted o-footer">没有更多了</Text>
      ) : null}
      <ReasonDialog
        open={resolving !== null}
        className="pay-resolve"
        title="登记处理结果"
        intro={
          resolving
            ? `${resolving.type}${resolving.amountFen !== undefined ? `，${formatYuan(resolving.amountFen)}` : ''}：说明核查结果与处理方式（记入审计日志）。`
            : ''
        }
        placeholder="如：已与微信支付核对，款项已原路退回"
        confirmText="确认已处理"
        onCancel={() => setResolving(null)}
        onConfirm={async (note) => {
          await call('officer.resolvePaymentIssue', { kind: resolving!.kind, id: resolving!.id, note });
          setResolving(null);
          toast('已登记');
          await load();
        }}
      />
    </View>
  );
}

function PaymentIssues({ me }: { me: Me }) {
  const orgs = grantOrgs(me, PAYMENT_ROLES);
  const orgParam = useParam('orgId');
  const kindParam = useParam('kind');
  const [orgId, setOrgId] = useState(orgs.find((o) => o.id === orgParam)?.id ?? orgs[0]!.id);
  const [kind, setKind] = useState<Kind>(kindParam === 'refund' ? 'refund' : 'anomaly');
  const [resolved, setResolved] = useState(false);
  return (
    <View className="page payment-issues">
      {orgs.length > 1 ? (
        <Choice
          options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          value={orgId}
          onChange={setOrgId}
        />
      ) : null}
      <Choice
        options={[
          { value: 'anomaly', label: '支付异常' },
          { value: 'refund', label: '退款' },
        ]}
        value={kind}
        onChange={setKind}
      />
      <Choice
        options={[
          { value: 'open', label: '待处理' },
          { value: 'done', label: '已处理' },
        ]}
        value={resolved ? 'done' : 'open'}
        onChange={(v) => setResolved(v === 'done')}
      />
      <Issues key={`${orgId}:${kind}:${resolved}`} orgId={orgId} kind={kind} resolved={resolved} />
    </View>
  );
}

/** 支付异常与退款: centre admin / finance check each one and record how it was resolved. */
export default function PaymentIssuesPage() {
  const officer = useOfficerMe(PAYMENT_ROLES, '处理支付异常');
  if ('screen' in officer) return officer.screen;
  return <PaymentIssues me={officer.me} />;
}
