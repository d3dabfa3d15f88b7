import { useMemo, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { withQuery } from '../../../routes';
import { ROLES } from '../../lib/access';
import { usePaged } from '../../../lib/paged';
import { REVIEW_PAGES } from '../../lib/routes';
import { ListFooter, OrgChoice, pagedScreen } from '../../lib/ui';
import { useReviewer } from '../../lib/use-reviewer';
import { Filters, NO_FILTER, type QueueFilter } from './Filters';
import { QueueItem, type QueueRow } from './QueueItem';

const inputOf = (orgId: string, f: QueueFilter, page: number) => ({
  orgId,
  sort: f.sort,
  page,
  pageSize: 20,
  ...(f.queue ? { queue: f.queue } : {}),
  ...(f.status ? { status: f.status } : {}),
  ...(f.flag ? { flag: f.flag } : {}),
  ...(f.benefitId ? { benefitId: f.benefitId } : {}),
  ...(f.unitId ? { unitId: f.unitId } : {}),
  ...(f.mine ? { mine: true } : {}),
});

/** The monthly batches of centre-review claims seen in the list: what 批量通过 can work on. */
function bulkGroups(items: QueueRow[]) {
  const seen = new Map<string, { programId: string; benefitId: string; batchKey: string; label: string }>();
  for (const i of items) {
    if ((i.status !== 'submitted' && i.status !== 'centre_review') || !i.reviewBatch) continue;
    const key = `${i.programId}|${i.benefitId}|${i.reviewBatch.key}`;
    if (!seen.has(key))
      seen.set(key, {
        programId: i.programId,
        benefitId: i.benefitId,
        batchKey: i.reviewBatch.key,
        label: `${i.benefitName} · ${i.reviewBatch.label}`,
      });
  }
  return [...seen.values()];
}

function Queue({ orgs }: { orgs: { id: string; name: string }[] }) {
  const [orgId, setOrgId] = useState(orgs[0].id);
  const [filter, setFilter] = useState<QueueFilter>(NO_FILTER);
  const [showFilters, setShowFilters] = useState(false);
  const list = usePaged(
    (page) => call('review.queue', inputOf(orgId, filter, page)),
    `${orgId}|${JSON.stringify(filter)}`,
    (i) => i.id,
  );
  Taro.useDidShow(() => {
    if (list.status === 'ready') void list.reload();
  });
  const benefits = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of list.items) m.set(i.benefitId, i.benefitName);
    return [...m].map(([id, name]) => ({ id, name }));
  }, [list.items]);
  const units = useMemo(() => [...new Set(list.items.map((i) => i.unitId))], [list.items]);
  const groups = bulkGroups(list.items);
  const screen = pagedScreen(list, '暂无待审核的申请', '筛选条件下没有申请');
  return (
    <View className="page review-queue">
      <OrgChoice orgs={orgs} value={orgId} onChange={setOrgId} />
      <View className="r-summary">
        <Text className="muted r-sub">共 {list.total} 件 · 按等待时间排序</Text>
        <Button
          className="r-filter-toggle"
          size="small"
          type="default"
          onClick={() => setShowFilters(!showFilters)}
        >
          {showFilters ? '收起筛选' : '筛选'}
        </Button>
      </View>
      {showFilters ? <Filters value={filter} onChange={setFilter} benefits={benefits} units={units} /> : null}
      {groups.length ? (
        <View className="card r-bulk-entry">
          <Text className="r-title">批量通过</Text>
          {groups.map((g) => (
            <Button
              key={`${g.programId}-${g.benefitId}-${g.batchKey}`}
              className="r-bulk-open"
              block
              type="default"
              onClick={() => void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.bulk, { orgId, ...g }) })}
            >
              批量通过：{g.label}
            </Button>
          ))}
        </View>
      ) : null}
      {screen ??
        list.items.map((i) => (
          <QueueItem
            key={i.id}
            item={i}
            onOpen={() => void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.claim, { id: i.id }) })}
          />
        ))}
      <ListFooter list={list} />
    </View>
  );
}

export default function ReviewQueue() {
  const r = useReviewer(ROLES.view, '审核');
  if ('screen' in r) return r.screen;
  return <Queue orgs={r.orgs} />;
}
