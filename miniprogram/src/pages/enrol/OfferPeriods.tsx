import { View, Text } from '@tarojs/components';
import { formatPeriod } from '../../lib/format';

type Period = { start: string; end: string };

/** 保障期间 and 参保时间 of a program, as the offer list and the detail page show them. */
export function OfferPeriods({ coverage, window }: { coverage: Period; window: Period }) {
  return (
    <>
      <View className="enrol-row">
        <Text className="enrol-row__label">保障期间</Text>
        <Text className="enrol-row__value">{formatPeriod(coverage)}</Text>
      </View>
      <View className="enrol-row">
        <Text className="enrol-row__label">参保时间</Text>
        <Text className="enrol-row__value">{formatPeriod(window)}</Text>
      </View>
    </>
  );
}
