import { View, Text } from '@tarojs/components';
import { formatYuan } from '../../lib/format';

interface FeeLine {
  payer: string;
  label: string;
  amountFen: number;
}

/** "我需缴费 ¥20.00 / 每份 ¥100.00" with who pays what below it. */
export function FeeSplit({
  workerFen,
  totalFen,
  lines,
}: {
  workerFen: number;
  totalFen: number;
  lines: FeeLine[];
}) {
  return (
    <View className="fee-split">
      <View className="fee-split__main">
        <Text className="fee-split__label">我需缴费</Text>
        <Text className="fee-split__worker">{formatYuan(workerFen)}</Text>
        <Text className="fee-split__total">合计 {formatYuan(totalFen)}</Text>
      </View>
      {lines.length > 0 ? (
        <View className="fee-split__lines">
          {lines.map((l, i) => (
            <View key={`${l.payer}-${i}`} className={`fee-split__line fee-split__line--${l.payer}`}>
              <Text className="fee-split__line-label">{l.label}</Text>
              <Text className="fee-split__line-amount">{formatYuan(l.amountFen)}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
