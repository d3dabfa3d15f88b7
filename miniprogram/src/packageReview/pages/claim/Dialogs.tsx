import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OfficerClaim } from '@shared/api/review';
import { call } from '../../../api/client';
import { confirmChange } from '../../../lib/confirm';
import { parseYuan, yuan } from '../../lib/labels';
import { Area, Choice, Field, Sheet } from '../../lib/ui';

export type Act = (run: () => Promise<OfficerClaim>, done?: string) => Promise<boolean>;
type Props = { claim: OfficerClaim; onClose: () => void; act: Act };

/** 通过: the calculator's amount, or another one with a reason; confirmed before it is recorded. */
export function ApproveSheet({ claim, onClose, act }: Props) {
  const proposed = claim.proposal.amountFen;
  const [amount, setAmount] = useState((proposed / 100).toFixed(2));
  const [reason, setReason] = useState('');
  const fen = parseYuan(amount);
  const differs = fen != null && fen !== proposed;
  const ready = fen != null && (!differs || reason.trim().length > 0);
  const submit = async () => {
    if (fen == null) return;
    const text = differs
      ? `核定金额 ${yuan(fen)}（测算 ${yuan(proposed)}），理由：${reason.trim()}`
      : `按测算金额 ${yuan(fen)} 通过`;
    if (!(await confirmChange('确认通过', `${claim.workerName} · ${claim.benefitName}\n${text}`, '确认通过')))
      return;
    const ok = await act(
      () =>
        call('review.approve', {
          claimId: claim.id,
          amountFen: fen,
          ...(differs ? { reason: reason.trim() } : {}),
        }),
      '已审核通过',
    );
    if (ok) onClose();
  };
  return (
    <Sheet title="审核通过" onClose={onClose} className="r-approve">
      <Text className="muted">测算金额 {yuan(proposed)}</Text>
      <Field
        className="r-approve__amount"
        label="核定金额（元）"
        type="digit"
        value={amount}
        onInput={setAmount}
      />
      {fen == null ? <Text className="r-bad">请输入正确的金额</Text> : null}
      {differs ? (
        <Area
          className="r-approve__reason"
          label="与测算金额不同的理由（必填）"
          value={reason}
          onInput={setReason}
          maxlength={300}
        />
      ) : null}
      <Button
        className="r-approve__submit"
        block
        type="primary"
        disabled={!ready}
        onClick={() => void submit()}
      >
        通过
      </Button>
    </Sheet>
  );
}

/** 不予通过: a reason from the program's list plus free text. */
export function RejectSheet({ claim, onClose, act }: Props) {
  const [code, setCode] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const ready = !!code && note.trim().length > 0;
  const submit = async () => {
    if (!code) return;
    const label = claim.rejectReasons.find((r) => r.code === code)?.label ?? code;
    if (
      !(await confirmChange(
        '确认不予通过',
        `${claim.workerName} · ${claim.benefitName}\n原因：${label}`,
        '确认',
      ))
    )
      return;
    const ok = await act(() =>
      call('review.reject', { claimId: claim.id, reasonCode: code, note: note.trim() }),
    );
    if (ok) onClose();
  };
  return (
    <Sheet title="不予通过" onClose={onClose} className="r-reject">
      <Text className="r-field__label">原因</Text>
      <View className="r-reject__reasons">
        {claim.rejectReasons.map((r) => (
          <View
            key={r.code}
            role="radio"
            className={`r-check r-reason ${code === r.code ? 'r-check--on' : ''}`}
            onClick={() => setCode(r.code)}
          >
            <View className="r-check__box r-check__box--round">{code === r.code ? '✓' : ''}</View>
            <Text>{r.label}</Text>
          </View>
        ))}
      </View>
      <Area className="r-reject__note" label="说明（告知职工）" value={note} onInput={setNote} />
      <Button
        className="r-reject__submit"
        block
        type="danger"
        disabled={!ready}
        onClick={() => void submit()}
      >
        不予通过
      </Button>
    </Sheet>
  );
}

/** 要求补充材料: exactly which items, with a note the worker reads. */
export function RequestSheet({ claim, onClose, act }: Props) {
  const [picked, setPicked] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const keyOf = (m: { materialId: string; stayIndex?: number }) => `${m.materialId}|${m.stayIndex ?? ''}`;
  const toggle = (k: string) => setPicked((p) => (p.includes(k) ? p.filter((x) => x !== k) : [...p, k]));
  const submit = async () => {
    const items = claim.checklist
      .filter((m) => picked.includes(keyOf(m)))
      .map((m) => ({ materialId: m.materialId, ...(m.stayIndex != null ? { stayIndex: m.stayIndex } : {}) }));
    if (!(await confirmChange('确认要求补充材料', `共 ${items.length} 项，职工将收到通知`, '确认'))) return;
    const ok = await act(() =>
      call('review.requestMaterial', { claimId: claim.id, note: note.trim(), items }),
    );
    if (ok) onClose();
  };
  return (
    <Sheet title="要求补充材料" onClose={onClose} className="r-request">
      {claim.checklist.map((m) => {
        const k = keyOf(m);
        return (
          <View
            key={k}
            role="checkbox"
            className={`r-check ${picked.includes(k) ? 'r-check--on' : ''}`}
            onClick={() => toggle(k)}
          >
            <View className="r-check__box">{picked.includes(k) ? '✓' : ''}</View>
            <Text>{m.label}</Text>
          </View>
        );
      })}
      <Area
        className="r-request__note r-gap"
        label="需要补充什么（告知职工）"
        value={note}
        onInput={setNote}
        maxlength={300}
      />
      <Button
        className="r-request__submit"
        block
        type="primary"
        disabled={!picked.length || !note.trim()}
        onClick={() => void submit()}
      >
        发送补充通知
      </Button>
    </Sheet>
  );
}

const STAY_FIELDS = [
  { value: 'selfPaidFen', label: '个人自付（元）' },
  { value: 'hospital', label: '医院' },
  { value: 'admittedOn', label: '入院日期' },
  { value: 'dischargedOn', label: '出院日期' },
] as const;
type StayField = (typeof STAY_FIELDS)[number]['value'];

/** 更正信息: one stay's field, with the reason; the calculator re-runs. */
export function CorrectSheet({ claim, onClose, act }: Props) {
  const facts = claim.facts;
  const [stay, setStay] = useState('0');
  const [field, setField] = useState<StayField>('selfPaidFen');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  if (facts.kind !== 'tiered_annual' && facts.kind !== 'ratio')
    return (
      <Sheet title="更正信息" onClose={onClose}>
        <Text className="muted">此类补助的信息请联系职工修改后重新提交。</Text>
      </Sheet>
    );
  const stays = facts.stays ?? [];
  const parsed = field === 'selfPaidFen' ? parseYuan(value) : value.trim() || null;
  const submit = async () => {
    if (parsed == null) return;
    const next = stays.map((s, i) => (i === Number(stay) ? { ...s, [field]: parsed } : s));
    if (
      !(await confirmChange(
        '确认更正',
        `第 ${Number(stay) + 1} 次住院：${value}\n理由：${reason.trim()}`,
        '确认更正',
      ))
    )
      return;
    const ok = await act(() =>
      call('review.correctFacts', {
        claimId: claim.id,
        facts: { ...facts, stays: next },
        reason: reason.trim(),
      }),
    );
    if (ok) onClose();
  };
  return (
    <Sheet title="更正信息" onClose={onClose} className="r-correct">
      <Choice
        options={stays.map((_, i) => ({ value: String(i), label: `第 ${i + 1} 次住院` }))}
        value={stay}
        onChange={setStay}
      />
      <Choice className="r-correct__field" options={[...STAY_FIELDS]} value={field} onChange={setField} />
      <Field
        className="r-correct__value"
        label="更正为"
        type={field === 'selfPaidFen' ? 'digit' : 'text'}
        placeholder={field.endsWith('On') ? 'YYYY-MM-DD' : ''}
        value={value}
        onInput={setValue}
      />
      <Area
        className="r-correct__reason"
        label="更正理由（必填）"
        value={reason}
        onInput={setReason}
        maxlength={300}
      />
      <Button
        className="r-correct__submit"
        block
        type="primary"
        disabled={parsed == null || !reason.trim()}
        onClick={() => void submit()}
      >
        更正并重新测算
      </Button>
    </Sheet>
  );
}
