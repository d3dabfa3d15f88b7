import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../../components/PageState';
import { requireSignIn } from '../../../session/require-sign-in';
import { useLoad } from '../../../lib/use-load';
import { formatChinaDate } from '../../../lib/format';
import {
  CLAIM_AUTHORISE_PAGE,
  CLAIM_FORM_PAGE,
  CLAIM_MINE_PAGE,
  ENROL_PAGE,
  withQuery,
} from '../../../routes';
import { Choice } from '../../components/Choice';
import '../../claim.css';

interface Insured {
  enrollmentId: string;
  programId?: string;
  programName: string;
  year: string;
  /** Filing for someone who authorised the caller. */
  forName?: string;
}

/** Whose and which year's cover: own active enrolments, and those the caller may file for. */
async function load() {
  const [mine, auth, claims] = await Promise.all([
    call('enrollment.mine', {}).catch(() => ({ items: [] })),
    call('claim.authorisations', {}).catch(() => ({ granted: [], received: [] })),
    call('claim.mine', {}).catch(() => ({ items: [] })),
  ]);
  const insured: Insured[] = [
    ...mine.items
      .filter((e) => e.status === 'active')
      .map((e) => ({
        enrollmentId: e.id,
        programId: e.programId,
        programName: e.programName,
        year: e.coverage.start.slice(0, 4),
      })),
    ...auth.received
      .filter((a) => a.status === 'active' && a.kind === 'family')
      .map((a) => ({
        enrollmentId: a.enrollmentId,
        programName: a.programName,
        year: (/\d{4}/.exec(a.programName) ?? [''])[0],
        forName: a.workerName,
      })),
  ];
  // What each cover lets the worker claim, from the stored program (one call per cover, in parallel).
  const lists = await Promise.all(
    insured.map((i) => call('claim.benefits', { enrollmentId: i.enrollmentId })),
  );
  const benefits = Object.fromEntries(insured.map((i, k) => [i.enrollmentId, lists[k]!.items]));
  return { insured, benefits, drafts: claims.items.filter((c) => c.status === 'draft') };
}

/** 补助申请: choose the cover (year) and the benefit, or continue a draft. */
export default function NewClaim() {
  const { params } = useRouter();
  const [state, reload] = useLoad(load);
  const [chosen, setChosen] = useState<string>(params.enrollmentId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<string | null>(null);

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'error')
    return (
      <View className="page claim-page">
        <PageError message={state.error.message} onRetry={() => void reload()} />
      </View>
    );
  const { insured, drafts } = state.data;
  const byCover = state.data.benefits;
  const current =
    insured.find((i) => i.enrollmentId === chosen) ?? (insured.length === 1 ? insured[0] : undefined);
  const benefits = current ? (byCover[current.enrollmentId] ?? []) : [];

  const start = async (benefitId: string) => {
    if (!current) return;
    setError(null);
    setCreating(benefitId);
    try {
      const draft = await call('claim.create', { enrollmentId: current.enrollmentId, benefitId });
      void Taro.navigateTo({ url: withQuery(CLAIM_FORM_PAGE, { id: draft.id }) });
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setCreating(null);
    }
  };

  return (
    <View className="page claim-page claim-new">
      {drafts.length ? (
        <View className="card claim-drafts">
          <Text className="claim-section__title">未完成的申请</Text>
          {drafts.map((d) => (
            <View
              key={d.id}
              className="claim-row claim-drafts__item"
              role="button"
              onClick={() => void Taro.navigateTo({ url: withQuery(CLAIM_FORM_PAGE, { id: d.id }) })}
            >
              <Text className="claim-row__title">
                {d.benefitName} · <Text className="nowrap">{d.year} 年度</Text>
              </Text>
              <Text className="claim-row__meta nowrap">
                保存于 {formatChinaDate(d.updatedAt)} · 继续填写 ›
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      {insured.length === 0 ? (
        <View>
          <PageEmpty
            title="还没有生效的参保记录"
            description="参保缴费并生效后，保障期内住院、大病、工伤可在这里申请补助。"
          />
          <Button
            className="claim-primary"
            block
            type="primary"
            onClick={() => void Taro.navigateTo({ url: ENROL_PAGE })}
          >
            去参保
          </Button>
        </View>
      ) : (
        <>
          <Text className="section-title">1. 选择保障年度</Text>
          <View className="card">
            <Choice
              className="claim-new__cover"
              options={insured.map((i) => ({
                value: i.enrollmentId,
                label: `${i.year} 年度 · ${i.programName}${i.forName ? `（代 ${i.forName}）` : ''}`,
              }))}
              value={current?.enrollmentId ?? ''}
              onChange={setChosen}
            />
          </View>
          <Text className="section-title">2. 选择补助项目</Text>
          {!current ? <Text className="claim-note">请先选择保障年度。</Text> : null}
          {current && benefits.length === 0 ? (
            <View className="card claim-note-card">暂不能在线申请该项目的补助，请联系单位工会。</View>
          ) : null}
          {benefits.map((b) => (
            <View key={b.id} className={`card claim-benefit claim-benefit--${b.id}`}>
              <Text className="claim-benefit__name">{b.name}</Text>
              <Text className="claim-benefit__desc">{b.description}</Text>
              <Button
                className="claim-benefit__start"
                type="primary"
                size="small"
                loading={creating === b.id}
                disabled={creating !== null}
                onClick={() => void start(b.id)}
              >
                申请{b.name}
              </Button>
            </View>
          ))}
          {error ? <View className="error-text claim-form-error">{error}</View> : null}
        </>
      )}

      <View className="claim-links">
        <Button
          className="claim-link-button"
          fill="outline"
          onClick={() => void Taro.navigateTo({ url: CLAIM_MINE_PAGE })}
        >
          我的申请
        </Button>
        <Button
          className="claim-link-button"
          fill="outline"
          onClick={() => void Taro.navigateTo({ url: CLAIM_AUTHORISE_PAGE })}
        >
          代办授权
        </Button>
      </View>
    </View>
  );
}
