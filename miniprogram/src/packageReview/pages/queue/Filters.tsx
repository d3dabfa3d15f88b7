import { View, Text } from '@tarojs/components';
import { Choice } from '../../lib/ui';

export interface QueueFilter {
  queue: '' | 'centre_review' | 'unit_precheck';
  status:
    | ''
    | 'submitted'
    | 'centre_review'
    | 'unit_precheck'
    | 'needs_material'
    | 'appraisal'
    | 'approved'
    | 'in_payout';
  flag: '' | 'duplicate' | 'late' | 'objection' | 'long_wait' | 'high_amount' | 'held';
  sort: 'oldest' | 'newest';
  mine: '' | 'mine';
  benefitId: string;
  unitId: string;
}

export const NO_FILTER: QueueFilter = {
  queue: '',
  status: '',
  flag: '',
  sort: 'oldest',
  mine: '',
  benefitId: '',
  unitId: '',
};

const STATUS: { value: QueueFilter['status']; label: string }[] = [
  { value: '', label: '全部待办' },
  { value: 'submitted', label: '待领取' },
  { value: 'unit_precheck', label: '单位初审' },
  { value: 'centre_review', label: '审核中' },
  { value: 'needs_material', label: '待补材料' },
  { value: 'appraisal', label: '待鉴定会' },
  { value: 'approved', label: '已通过' },
  { value: 'in_payout', label: '发放中' },
];
const FLAGS: { value: QueueFilter['flag']; label: string }[] = [
  { value: '', label: '不限' },
  { value: 'duplicate', label: '疑似重复' },
  { value: 'late', label: '超期' },
  { value: 'objection', label: '有异议' },
  { value: 'long_wait', label: '等待较久' },
  { value: 'high_amount', label: '大额' },
];

/** Filters of the queue: status, flags, benefit, unit, sort by waiting time, only mine. */
export function Filters(props: {
  value: QueueFilter;
  onChange: (f: QueueFilter) => void;
  benefits: { id: string; name: string }[];
  units: string[];
}) {
  const { value: f, onChange, benefits, units } = props;
  const set = (p: Partial<QueueFilter>) => onChange({ ...f, ...p });
  return (
    <View className="card r-filters">
      <Text className="r-filter-label">状态</Text>
      <Choice
        className="r-filter-status"
        options={STATUS}
        value={f.status}
        onChange={(status) => set({ status })}
      />
      <Text className="r-filter-label">提示</Text>
      <Choice className="r-filter-flag" options={FLAGS} value={f.flag} onChange={(flag) => set({ flag })} />
      {benefits.length > 1 || f.benefitId ? (
        <>
          <Text className="r-filter-label">补助类别</Text>
          <Choice
            className="r-filter-benefit"
            options={[{ value: '', label: '全部' }, ...benefits.map((b) => ({ value: b.id, label: b.name }))]}
            value={f.benefitId}
            onChange={(benefitId) => set({ benefitId })}
          />
        </>
      ) : null}
      {units.length > 1 || f.unitId ? (
        <>
          <Text className="r-filter-label">单位</Text>
          <Choice
            className="r-filter-unit"
            options={[{ value: '', label: '全部' }, ...units.map((u) => ({ value: u, label: u }))]}
            value={f.unitId}
            onChange={(unitId) => set({ unitId })}
          />
        </>
      ) : null}
      <Text className="r-filter-label">排序与范围</Text>
      <Choice
        className="r-filter-sort"
        options={[
          { value: 'oldest', label: '等待最久优先' },
          { value: 'newest', label: '最新提交优先' },
        ]}
        value={f.sort}
        onChange={(sort) => set({ sort })}
      />
      <Choice
        className="r-filter-mine"
        options={[
          { value: '', label: '全部申请' },
          { value: 'mine', label: '我领取的' },
        ]}
        value={f.mine}
        onChange={(mine) => set({ mine })}
      />
    </View>
  );
}
