import { useState } from 'react';
import { View } from '@tarojs/components';
import { Tabs } from '@nutui/nutui-react-taro';
import { useOfficerUnit } from '../../lib/officer-unit';
import { RequestList } from './RequestList';
import { STATUS_TABS, type RequestStatus } from './labels';
import './index.css';

/**
 * 入会申请审核: workers who found the unit by search wait here for the unit officer. One tab per
 * state; the list is keyed by the tab, so switching tabs always loads afresh.
 */
export default function JoinRequests() {
  const officer = useOfficerUnit();
  const [tab, setTab] = useState<RequestStatus>('pending');

  if ('screen' in officer) return officer.screen;
  return (
    <View className="page join-requests">
      <View className="join-requests__unit muted">{officer.unit.name}</View>
      <Tabs
        className="join-requests__tabs"
        value={tab}
        activeType="line"
        duration={0}
        onChange={(v) => setTab(v as RequestStatus)}
      >
        {STATUS_TABS.map((t) => (
          <Tabs.TabPane key={t.value} title={t.title} value={t.value} />
        ))}
      </Tabs>
      {/* Outside the tabs: their panes slide with a transform, which would trap the reject
          dialog's fixed overlay inside the pane instead of the screen. */}
      <RequestList key={tab} unitId={officer.unit.id} status={tab} />
    </View>
  );
}
