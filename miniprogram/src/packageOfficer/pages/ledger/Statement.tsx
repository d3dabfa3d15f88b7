import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button, Tag } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { parseYuan } from '@shared/money';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { chinaToday } from '../../../lib/format';
import { Field, Row } from '../../lib/ui';
import { confirmChange } from '../../../lib/confirm';
import { formatYuan, count } from '../../lib/fmt';

export type StatementView = OutputOf<'unitdata.listStatements'>['items'][number];

const TONE: Record<StatementView['state'], 'success' | 'warning' | 'danger' | 'default'> = {
  paid: 'success',
  part_paid: 'warning',
  open: 'default',
  overdue: 'danger',
  overpaid: 'warning',
};

/** 登记到账: amount, date, bank reference; confirmed with the amounts before it is recorded. */
function TransferForm({ s, onSaved }: { s: StatementView; onSaved: (s: StatementView) => void }) {
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState(chinaToday());
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    let amountFen: number;
    try {
      amountFen = parseYuan(amount);
    } catch (e) {
      return setError(toAppError(e).message);
    }
    if (amountFen <= 0) return setError('金额必须大于 0');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn)) return setError('到账日期格式应为 YYYY-MM-DD');
    if (!reference.trim()) return setError('请填写银行流水号');
    const after = s.paidFen + amountFen;
    const ok = await confirmChange(
      '登记到账',
      `${s.payerLabel}（${s.orgName}）${paidOn} 到账 ${formatYuan(amountFen)}，流水号 ${reference.trim()}。登记后已到账 ${formatYuan(after)}，应缴 ${formatYuan(s.dueFen)}${after === s.dueFen ? '' : '，金额不一致将标记差异'}。确定登记？`,
      '登记',
    );
    if (!ok) return;
    setSaving(true);
    setError(null);
    try {
      onSaved(
        await call('unitdata.recordTransfer', {
          statementId: s.id,
          amountFen,
          paidOn,
          reference: reference.trim(),
        }),
      );
      toast('已登记');
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="ledger-transfer">
      <Field label="到账金额（元）" type="digit" value={amount} onInput={setAmount} maxlength={14} />
      <Field label="到账日期" value={paidOn} onInput={setPaidOn} maxlength={10} placeholder="YYYY-MM-DD" />
      <Field label="银行流水号" value={reference} onInput={setReference} maxlength={64} />
      {error ? <View className="error-text ledger-transfer__error">{error}</View> : null}
      <Button
        className="ledger-transfer__save"
        type="primary"
        block
        loading={saving}
        onClick={() => void save()}
      >
        登记到账
      </Button>
    </View>
  );
}

export function Statement({ s: initial, canRecord }: { s: StatementView; canRecord: boolean }) {
  const [s, setS] = useState(initial);
  const [open, setOpen] = useState(false);
  return (
    <View className={`card ledger-item ${s.mismatch ? 'ledger-item--mismatch' : ''}`}>
      <View className="review-app__head">
        <Text className="o-title">{s.payerLabel}</Text>
        <Tag type={TONE[s.state]}>{s.stateLabel}</Tag>
      </View>
      <Row label="缴费方">{s.orgName}</Row>
      <Row label="应缴">
        {formatYuan(s.dueFen)}（{count(s.enrolments)} 人）
      </Row>
      <Row label="已到账">{formatYuan(s.paidFen)}</Row>
      <Row label="缴费期限">{s.dueOn}</Row>
      {s.mismatch ? (
        <View className="o-warn ledger-mismatch">{s.message ?? '到账金额与应缴金额不一致'}</View>
      ) : null}
      {s.transfers.map((t) => (
        <Text key={`${t.reference}-${t.paidOn}`} className="muted ledger-transfer__line">
          {t.paidOn} 到账 {formatYuan(t.amountFen)}（流水号 {t.reference}）
        </Text>
      ))}
      {canRecord ? (
        open ? (
          <TransferForm
            s={s}
            onSaved={(n) => {
              setS(n);
              setOpen(false);
            }}
          />
        ) : (
          <View className="o-actions">
            <Button
              className="ledger-record"
              size="small"
              type="primary"
              fill="outline"
              onClick={() => setOpen(true)}
            >
              登记到账
            </Button>
          </View>
        )
      ) : null}
    </View>
  );
}
