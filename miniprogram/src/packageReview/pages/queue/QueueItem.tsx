import { View, Text } from '@tarojs/components';
import type { OutputOf } from '@shared/api';
import { DUE_LABELS, FLAG_LABELS, yuan } from '../../lib/labels';

export type QueueRow = OutputOf<'review.queue'>['items'][number];

/** One claim in the queue: who, what, how long it has waited, the flags, the amount. */
export function QueueItem({ item, onOpen }: { item: QueueRow; onOpen: () => void }) {
  const due = item.dueStatus && item.dueStatus !== 'ok' ? DUE_LABELS[item.dueStatus] : '';
  return (
    <View className="card r-item r-queue-item" role="button" onClick={onOpen}>
      <View className="r-item__head">
        <Text className="r-item__name">
          {item.workerName} · {item.benefitName}
        </Text>
        <Text className={`r-wait ${item.waitedDays >= 15 ? 'r-wait--long' : ''}`}>
          已等 {item.waitedDays} 天
        </Text>
      </View>
      <View className="muted">
        {item.statusLabel}
        {item.reviewBatch ? ` · ${item.reviewBatch.label}` : ''}
      </View>
      <View className="r-item__head">
        <Text className="muted">
          {item.assignee ? `处理人：${item.assignee.isYou ? '我' : item.assignee.name}` : '未领取'}
        </Text>
        <Text className="r-money">{yuan(item.decidedFen ?? item.estimateFen)}</Text>
      </View>
      {item.flags.length || due ? (
        <View className="r-flags">
          {item.flags.map((f) => (
            <Text key={f} className={`r-flag r-flag--${f}`}>
              {FLAG_LABELS[f] ?? f}
            </Text>
          ))}
          {due ? <Text className={`r-flag r-due--${item.dueStatus}`}>{due}</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
