import { View, Text } from '@tarojs/components';
import type { OutputOf } from '@shared/api';
import { count, pct } from '../../lib/fmt';

export type Dashboard = OutputOf<'unitdata.dashboard'>;
type Unit = Dashboard['items'][number];
export type Light = Unit['light'];

export const LIGHTS: { value: Light; label: string }[] = [
  { value: 'green', label: '绿灯（达标）' },
  { value: 'yellow', label: '黄灯（提醒）' },
  { value: 'red', label: '红灯（关注）' },
];

/**
 * One unit as a horizontal bar: enrolled of target, coloured by its traffic light, with a tick
 * where it should be by today (the pace). Plain CSS: no chart library in the subpackage.
 */
export function UnitBar({ u }: { u: Unit }) {
  const done = u.target ? Math.min(100, (u.enrolled * 100) / u.target) : 0;
  const expected = u.target ? Math.min(100, (u.expected * 100) / u.target) : 0;
  return (
    <View className={`dash-unit dash-unit--${u.light}`}>
      <View className="dash-unit__head">
        <View className={`dash-light dash-light--${u.light}`} />
        <Text className="dash-unit__name">
          {u.unitCode ? `${u.unitCode} ` : ''}
          {u.unitName}
        </Text>
        <Text className="dash-unit__pct">{pct(u.completionBp)}</Text>
      </View>
      <View className="dash-bar">
        <View className={`o-bar__fill o-bar__fill--${u.light}`} style={{ width: `${done}%` }} />
        {u.target ? <View className="dash-bar__pace" style={{ left: `${expected}%` }} /> : null}
      </View>
      <Text className="muted dash-unit__nums">
        已参保 {count(u.enrolled)} / 目标 {count(u.target)}（应达 {count(u.expected)}）· 待缴费{' '}
        {count(u.pendingPayment)}
        {u.coverageBp !== null ? ` · 覆盖率 ${pct(u.coverageBp)}` : ''}
        {u.claimsRatioBp !== null ? ` · 赔付率 ${pct(u.claimsRatioBp)}` : ''}
      </Text>
    </View>
  );
}

/** The subtree's totals and the lights as a stacked bar. */
export function Totals({ d }: { d: Dashboard }) {
  const t = d.totals;
  const lights = LIGHTS.map((l) => ({ ...l, n: t.lights[l.value] ?? 0 }));
  const units = Math.max(
    1,
    lights.reduce((s, l) => s + l.n, 0),
  );
  return (
    <View className="card dash-totals">
      <View className="dash-kpis">
        <View className="dash-kpi">
          <Text className="dash-kpi__n">{pct(t.completionBp)}</Text>
          <Text className="muted">完成率</Text>
        </View>
        <View className="dash-kpi">
          <Text className="dash-kpi__n">{count(t.enrolled)}</Text>
          <Text className="muted">已参保 / {count(t.target)}</Text>
        </View>
        <View className="dash-kpi">
          <Text className="dash-kpi__n">{pct(t.coverageBp)}</Text>
          <Text className="muted">覆盖率</Text>
        </View>
        <View className="dash-kpi">
          <Text className="dash-kpi__n">{d.claimsAvailable ? pct(t.claimsRatioBp) : '—'}</Text>
          <Text className="muted">赔付率</Text>
        </View>
      </View>
      <View className="dash-stack">
        {lights.map((l) =>
          l.n ? (
            <View
              key={l.value}
              className={`dash-stack__part o-bar__fill--${l.value}`}
              style={{ width: `${(l.n * 100) / units}%` }}
            />
          ) : null,
        )}
      </View>
      <Text className="muted dash-lights">
        共 {t.units} 个单位：绿灯 {lights[0]!.n} · 黄灯 {lights[1]!.n} · 红灯 {lights[2]!.n}
      </Text>
      <Text className="muted dash-plan">
        参保期 {d.plan.window.opens} 至 {d.plan.window.closes}。截至 {d.today}，已参保达到按时间应完成人数的{' '}
        {pct(d.plan.greenBp)} 为绿灯，{pct(d.plan.yellowBp)} 以上为黄灯，其余为红灯；每{' '}
        {d.plan.reportEveryDays} 天报送一次进度。
      </Text>
      <Text className="muted dash-source">依据：{d.plan.source}</Text>
      {!d.claimsAvailable ? <Text className="muted">补助数据暂不可用，赔付率未计算。</Text> : null}
    </View>
  );
}
