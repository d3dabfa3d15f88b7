import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { call } from '../../api/client';
import { workerCoverStatus, type WorkerCoverStatus } from '../../lib/coverage';
import { formatYuan } from '../../lib/format';
import { LinkCell } from '../../components/LinkCell';
import { PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { isOfficer } from '../../lib/roles';
import { comingSoon } from '../../lib/toast';
import { unitLine } from '../../lib/unit';
import { takeResumeUrl } from '../../lib/resume';
import {
  CLAIM_MINE_PAGE,
  CLAIM_NEW_PAGE,
  ENROL_PAGE,
  ENROL_PAY_PAGE,
  ME_PAGE,
  OFFICER_HOME_PAGE,
  POLICY_DETAIL_PAGE,
  POLICY_PAGE,
  REGISTER_PAGE,
  UNITS_PAGE,
  withQuery,
} from '../../routes';
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
  { key: 'claims', title: '补助申请', hint: '住院、大病补助', glyph: '助', tone: 'red', url: CLAIM_NEW_PAGE },
  { key: 'notices', title: '通知公告', hint: '政策与公示', glyph: '告', tone: 'blue' },
];

export default function Home() {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const error = useSession((s) => s.meError);
  // The worker's cover from enrollment.mine; null until known (or when it cannot be read, e.g.
  // officers without a worker profile: the card is then simply not shown).
  const [cover, setCover] = useState<WorkerCoverStatus | null>(null);

  const loadCover = () => {
    call('enrollment.mine', {})
      .then((r) => setCover(workerCoverStatus(r.items)))
      .catch(() => setCover(null));
  };

  useDidShow(() => {
    if (!requireSignIn()) return;
    // Sign-in always lands here; a page that sent the user to sign in (the unit QR code) resumes.
    const resume = takeResumeUrl();
    if (resume) {
      void Taro.navigateTo({ url: resume });
      return;
    }
    if (useSession.getState().meStatus === 'idle') void loadMe();
    // Paying or enrolling elsewhere changes the status: read it whenever home is shown.
    loadCover();
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
        {/* Not the worker's own masked name (王*国): a greeting by a redacted name reads oddly. */}
        <Text className="home-hero__title">您好，职工朋友</Text>
        <View className="home-hero__meta">
          <Text className="home-hero__unit">{unitLine(me)}</Text>
          <Text className={`home-hero__status home-hero__status--${me.registered ? 'ok' : 'todo'}`}>
            {me.registered ? '已登记' : '未登记'}
          </Text>
        </View>
      </View>

      {me.unitRejection && me.unitStatus === 'none' ? (
        <View className="card home-rejection">
          <Text className="home-rejection__title">加入“{me.unitRejection.unitName}”的申请未通过</Text>
          <Text className="home-rejection__reason">原因：{me.unitRejection.reason}</Text>
          <Text className="home-rejection__hint">
            如有疑问请联系单位工会；也可请单位工会出示二维码扫码加入，或重新搜索单位申请。
          </Text>
          <Text
            className="home-notice__action home-rejection__action"
            onClick={() => void Taro.navigateTo({ url: UNITS_PAGE })}
          >
            重新选择单位
          </Text>
        </View>
      ) : null}

      {me.registered && cover ? <CoverCard cover={cover} /> : null}

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
        {me.registered ? (
          <LinkCell
            className="home-link home-link--claims"
            title="我的申请"
            description="补助申请进度、补充材料、代办授权"
            onClick={() => void Taro.navigateTo({ url: CLAIM_MINE_PAGE })}
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

/** 已参保 / 待生效 / 待缴费 on the home page, with the one thing to do next. */
function CoverCard({ cover }: { cover: WorkerCoverStatus }) {
  if (cover.kind === 'none') {
    return (
      <View className="card home-cover home-cover--none">
        <Text className="home-cover__label">未参保</Text>
        <Text className="home-cover__text">参加互助保障，住院、大病可申请补助。</Text>
        <Text
          className="home-notice__action home-cover__action"
          onClick={() => void Taro.navigateTo({ url: ENROL_PAGE })}
        >
          去参保
        </Text>
      </View>
    );
  }
  const e = cover.enrollment;
  if (cover.kind === 'pending') {
    return (
      <View className="card home-cover home-cover--pending">
        <Text className="home-cover__label">待缴费</Text>
        <Text className="home-cover__text">
          {e.programName}：缴纳个人部分 <Text className="nowrap">{formatYuan(e.workerFen)}</Text> 后完成参保。
        </Text>
        <Text
          className="home-notice__action home-cover__action"
          onClick={() => void Taro.navigateTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: e.id }) })}
        >
          去缴费
        </Text>
      </View>
    );
  }
  return (
    <View className={`card home-cover home-cover--${cover.kind}`}>
      <Text className="home-cover__label">
        {cover.kind === 'upcoming' ? '已参保 · 待生效' : '已参保 · 保障中'}
      </Text>
      <Text className="home-cover__text">
        {e.programName}
        <Text className="home-cover__dates nowrap">{cover.text}</Text>
      </Text>
      <Text
        className="home-notice__action home-cover__action"
        onClick={() => void Taro.navigateTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: e.id }) })}
      >
        电子保单
      </Text>
    </View>
  );
}
