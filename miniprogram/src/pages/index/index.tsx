import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { LinkCell } from '../../components/LinkCell';
import { PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { isOfficer } from '../../lib/roles';
import { comingSoon } from '../../lib/toast';
import { unitLine } from '../../lib/unit';
import { takeResumeUrl } from '../../lib/resume';
import { ENROL_PAGE, ME_PAGE, OFFICER_HOME_PAGE, POLICY_PAGE, REGISTER_PAGE } from '../../routes';
import './index.css';

interface Entry {
  key: string;
  title: string;
  hint: string;
  glyph: string;
  tone: 'red' | 'blue';
  /** The entry's page; entries without one are not built yet. */
  url?: string;
}

// The worker journeys; those whose pages are not built yet say 即将开放 on a tap.
const ENTRIES: Entry[] = [
  { key: 'enroll', title: '参保', hint: '加入互助保障', glyph: '保', tone: 'red', url: ENROL_PAGE },
  { key: 'policies', title: '我的保单', hint: '查看保障期限', glyph: '单', tone: 'blue', url: POLICY_PAGE },
  { key: 'claims', title: '补助申请', hint: '住院、大病补助', glyph: '助', tone: 'red' },
  { key: 'notices', title: '通知公告', hint: '政策与公示', glyph: '告', tone: 'blue' },
];

export default function Home() {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const error = useSession((s) => s.meError);

  useDidShow(() => {
    if (!requireSignIn()) return;
    // Sign-in always lands here; a page that sent the user to sign in (the unit QR code) resumes.
    const resume = takeResumeUrl();
    if (resume) {
      void Taro.navigateTo({ url: resume });
      return;
    }
    if (useSession.getState().meStatus === 'idle') void loadMe();
  });

  if (status === 'error') {
    return (
      <View className="page home">
        <PageError message={error ?? ''} onRetry={() => void loadMe()} />
      </View>
    );
  }
  if (!me) {
    return (
      <View className="page home">
        <PageLoading />
      </View>
    );
  }

  // The registration page proves the phone itself (getPhoneNumber, or the SMS sign-in on H5).
  const register = () => void Taro.navigateTo({ url: REGISTER_PAGE });

  return (
    <View className="page home">
      <View className="home-hero">
        <Text className="home-hero__title">您好，{me.displayName ?? '职工朋友'}</Text>
        <View className="home-hero__meta">
          <Text className="home-hero__unit">{unitLine(me)}</Text>
          <Text className={`home-hero__status home-hero__status--${me.registered ? 'ok' : 'todo'}`}>
            {me.registered ? '已登记' : '未登记'}
          </Text>
        </View>
      </View>

      {me.registered ? null : (
        <View className="card home-notice">
          <Text className="home-notice__text">完成实名登记后即可参保和申请补助。</Text>
          <Text className="home-notice__action" onClick={register}>
            去登记
          </Text>
        </View>
      )}

      <View className="section-title">互助服务</View>
      <View className="home-entries">
        {ENTRIES.map((e) => (
          <View
            key={e.key}
            className={`home-entry home-entry--${e.key}`}
            onClick={() => (e.url ? void Taro.navigateTo({ url: e.url }) : comingSoon())}
          >
            <View className={`home-entry__glyph home-entry__glyph--${e.tone}`}>{e.glyph}</View>
            <Text className="home-entry__title">{e.title}</Text>
            <Text className="home-entry__hint">{e.hint}</Text>
          </View>
        ))}
      </View>

      <View className="home-links">
        {isOfficer(me.roles) ? (
          <LinkCell
            className="home-link home-link--officer"
            title="经办工作台"
            description="单位经办、审核与管理"
            onClick={() => void Taro.navigateTo({ url: OFFICER_HOME_PAGE })}
          />
        ) : null}
        <LinkCell
          className="home-link home-link--me"
          title="我的"
          description="个人信息与登录"
          onClick={() => void Taro.navigateTo({ url: ME_PAGE })}
        />
      </View>
    </View>
  );
}
