import { useEffect } from 'react';
import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import type { Me } from '@shared/api/user';
import { LinkCell } from '../../../components/LinkCell';
import { useLoad } from '../../../lib/use-load';
import { roleLabel } from '../../../lib/roles';
import { OFFICER_ROLES, hasAny } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { loadAttention } from './attention';
import { TASKS } from './tasks';
import { REVIEW_TASKS } from '../../../packageReview/lib/entries';
import './index.css';

/** 待办: counts from the backend's own lists, per role. */
function AttentionList({ me }: { me: Me }) {
  const [state, reload] = useLoad(() => loadAttention(me));
  useEffect(() => {
    void reload();
  }, [reload, me]);
  if (state.status === 'loading')
    return <View className="card muted officer-attention__loading">正在获取待办…</View>;
  if (state.status === 'error') return null;
  const { items, failed } = state.data;
  return (
    <View className="officer-attention">
      {items.length === 0 && !failed ? (
        <View className="card muted officer-attention__none">暂无待办事项</View>
      ) : null}
      {items.map((a) => (
        <LinkCell
          key={a.key}
          className={`officer-attention__item officer-attention--${a.key.split('-')[0]}`}
          title={a.title}
          extra={
            <Tag type="danger" round className="officer-attention__count">
              {a.count}
            </Tag>
          }
          onClick={() => void Taro.navigateTo({ url: a.page })}
        />
      ))}
      {failed ? (
        <View className="card officer-attention__failed" role="button" onClick={() => void reload()}>
          <Text className="error-text">有 {failed} 项待办未能获取，点此重试</Text>
        </View>
      ) : null}
    </View>
  );
}

export default function OfficerHome() {
  const officer = useOfficerMe(OFFICER_ROLES, '经办');
  if ('screen' in officer) return officer.screen;
  const { me } = officer;
  const tasks = [...TASKS, ...REVIEW_TASKS].filter((t) => hasAny(me, t.roles));
  return (
    <View className="page officer">
      <View className="card officer-head">
        <Text className="officer-head__name">{me.displayName ?? '经办人'}</Text>
        {/* Where each role applies: its grant's org (a district reviewer has no unit). */}
        {me.grants.map((g) => (
          <Text key={`${g.role}-${g.orgId}`} className="muted officer-head__org">
            {roleLabel(g.role)}：{g.orgName}
          </Text>
        ))}
        <View className="officer-head__roles">
          {me.roles
            .filter((r) => r !== 'worker')
            .map((r) => (
              <Tag key={r} className="officer-role" type="primary" round>
                {roleLabel(r)}
              </Tag>
            ))}
        </View>
      </View>
      <View className="section-title">待办事项</View>
      <AttentionList me={me} />
      <View className="section-title">工作事项</View>
      {tasks.map((t) => (
        <LinkCell
          key={t.key}
          className={`officer-task officer-task--${t.key}`}
          title={t.title}
          description={t.description}
          onClick={() => void Taro.navigateTo({ url: t.page })}
        />
      ))}
    </View>
  );
}
