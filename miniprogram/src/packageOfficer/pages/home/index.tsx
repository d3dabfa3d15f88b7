import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import { LinkCell } from '../../../components/LinkCell';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { useSession } from '../../../store/session';
import { loadMe } from '../../../store/load-me';
import { requireSignIn } from '../../../session/require-sign-in';
import { isOfficer, roleLabel } from '../../../lib/roles';
import { comingSoon } from '../../../lib/toast';
import { OFFICER_JOIN_REQUESTS_PAGE, OFFICER_UNIT_QR_PAGE } from '../../../routes';
import type { Role } from '@shared/api/user';
import './index.css';

interface Task {
  key: string;
  title: string;
  description: string;
  roles: Role[];
  /** The page it opens; entries without one are not built yet. */
  page?: string;
}

// What each officer role does here; entries without a page arrive in later steps.
const TASKS: Task[] = [
  {
    key: 'join-requests',
    title: '入会申请审核',
    description: '审核职工的加入申请',
    roles: ['unit_officer'],
    page: OFFICER_JOIN_REQUESTS_PAGE,
  },
  {
    key: 'unit-qr',
    title: '单位二维码',
    description: '职工扫码即可加入本单位',
    roles: ['unit_officer'],
    page: OFFICER_UNIT_QR_PAGE,
  },
  { key: 'roster', title: '单位参保名单', description: '邀请职工、确认参保', roles: ['unit_officer'] },
  { key: 'unit-claims', title: '本单位补助申请', description: '初审材料并提交', roles: ['unit_officer'] },
  {
    key: 'review',
    title: '补助审核',
    description: '复核与核定金额',
    roles: ['district_reviewer', 'centre_admin'],
  },
  { key: 'admin', title: '项目与统计', description: '项目设置、公示、报表', roles: ['centre_admin'] },
];

function open(task: Task) {
  if (task.page) void Taro.navigateTo({ url: task.page });
  else comingSoon();
}

export default function OfficerHome() {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const error = useSession((s) => s.meError);

  useDidShow(() => {
    if (requireSignIn() && useSession.getState().meStatus === 'idle') void loadMe();
  });

  if (status === 'error') return <PageError message={error ?? ''} onRetry={() => void loadMe()} />;
  if (!me) return <PageLoading />;
  if (!isOfficer(me.roles)) {
    return (
      <View className="page officer">
        <PageEmpty title="没有经办权限" description="如需开通，请联系上级工会" />
      </View>
    );
  }

  const tasks = TASKS.filter((t) => t.roles.some((r) => me.roles.includes(r)));
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
          {me.roles.map((r) => (
            <Tag key={r} className="officer-role" type="primary" round>
              {roleLabel(r)}
            </Tag>
          ))}
        </View>
      </View>
      <View className="section-title">工作事项</View>
      {tasks.map((t) => (
        <LinkCell
          key={t.key}
          className={`officer-task officer-task--${t.key}`}
          title={t.title}
          description={t.description}
          onClick={() => open(t)}
        />
      ))}
    </View>
  );
}
