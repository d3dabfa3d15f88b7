import { Text, View } from '@tarojs/components';
import type { OutputOf } from '@shared/api';
import { formatChinaDateTime } from '../../lib/format';
import { CLAIM_STATUS_LABELS } from '../lib/labels';
import { actorText } from '../lib/labels';
import { Unbroken } from './Unbroken';

type Entry = OutputOf<'claim.get'>['timeline'][number];

/** What happened to the claim, newest first: when, who (本人, a family member filing for the worker, an officer), what. */
export function Timeline({ entries }: { entries: Entry[] }) {
  const list = [...entries].reverse();
  return (
    <View className="claim-timeline">
      {list.map((e, i) => (
        <View
          key={`${e.at}-${i}`}
          className={`claim-timeline__item ${i === 0 ? 'claim-timeline__item--latest' : ''}`}
        >
          <View className="claim-timeline__dot" />
          <View className="claim-timeline__body">
            <View className="claim-timeline__meta">
              <Text className="claim-timeline__at nowrap">{formatChinaDateTime(e.at)}</Text>
              <Text className="claim-timeline__who">{actorText(e.actor)}</Text>
            </View>
            <Unbroken className="claim-timeline__text" text={e.text} />
            {e.status ? (
              <Text className="claim-timeline__status">→ {CLAIM_STATUS_LABELS[e.status]}</Text>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}
