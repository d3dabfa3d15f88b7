import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { CLAIM_FORM_PAGE, withQuery } from '../../../routes';
import type { ClaimableBenefit, FactsKind } from '../../lib/benefits';
import { fieldKey, issueErrors, toFacts, toForm, type Errors } from '../../lib/facts-form';
import { EstimateStep } from './EstimateStep';
import { FactsStep } from './FactsStep';
import { MaterialsStep } from './MaterialsStep';

export type ClaimView = OutputOf<'claim.get'>;
export type EstimateResult = OutputOf<'claim.estimate'>;
type Step = 'facts' | 'materials' | 'estimate';

const STEPS: { key: Step; label: string }[] = [
  { key: 'facts', label: '填写信息' },
  { key: 'materials', label: '上传材料' },
  { key: 'estimate', label: '确认提交' },
];

/** The benefit as the form needs it: from the program data, else what the claim itself says. */
function benefitFor(view: ClaimView): ClaimableBenefit {
  return (
    view.programBenefits.find((b) => b.id === view.benefitId) ?? {
      id: view.benefitId,
      name: view.benefitName,
      description: '',
      kind: view.facts.kind as FactsKind,
      categories: [],
      settlementLabels: {},
    }
  );
}

/** The filing flow of one draft, in three steps; every step is saved on the server. */
export function Filing({ initial }: { initial: ClaimView }) {
  const [view, setView] = useState(initial);
  const benefit = benefitFor(view);
  const critical = view.programBenefits.find((b) => b.kind === 'fixed_grant');
  const [step, setStep] = useState<Step>('facts');
  const [form, setForm] = useState(() => toForm(benefit.kind, view.facts));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [estimate, setEstimate] = useState<EstimateResult | null>(null);

  const refresh = async () => {
    try {
      setView(await call('claim.get', { claimId: view.id }));
    } catch (e) {
      toast(toAppError(e).message);
    }
  };

  const showError = (e: unknown) => {
    const err = toAppError(e);
    const key = fieldKey(err.field);
    if (err.field && key && key !== 'facts') setErrors({ [key]: err.message });
    setFormError(err.message);
  };

  /** Saves the facts; true when they are complete enough to go on. */
  const save = async (thenNext: boolean): Promise<void> => {
    const { facts, errors: local } = toFacts(form);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) {
      setFormError('请检查标红的内容');
      return;
    }
    setBusy(true);
    try {
      const next = await call('claim.update', { claimId: view.id, facts });
      setView(next);
      if (!thenNext) {
        toast('草稿已保存');
        return;
      }
      if (next.issues.length) {
        setErrors(issueErrors(next.issues));
        setFormError(`还有 ${next.issues.length} 项需要补全或更正（已标红）`);
        return;
      }
      setStep('materials');
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const toEstimate = async () => {
    setBusy(true);
    setFormError(null);
    try {
      setEstimate(await call('claim.estimate', { claimId: view.id }));
      setStep('estimate');
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    } catch (e) {
      const err = toAppError(e);
      if (err.field?.includes('facts')) {
        setStep('facts');
        showError(err);
      } else setFormError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const startRelated = async (p: EstimateResult['prompts'][number]) => {
    try {
      const related = await call('claim.startRelated', {
        claimId: view.id,
        benefitId: p.benefitId,
        stayIndex: p.stayIndex,
      });
      void Taro.navigateTo({ url: withQuery(CLAIM_FORM_PAGE, { id: related.id }) });
    } catch (e) {
      toast(toAppError(e).message);
    }
  };

  return (
    <View className="page claim-page claim-form">
      <View className="card claim-head">
        <Text className="claim-head__title">{view.benefitName}</Text>
        <Text className="claim-head__meta">
          {view.programName} · <Text className="nowrap">{view.year} 年度</Text>
          {view.actingAs === 'worker' ? '' : ` · 代 ${view.workerName} 申请`}
        </Text>
      </View>
      <View className="claim-steps">
        {STEPS.map((s, i) => (
          <Text key={s.key} className={`claim-steps__item ${s.key === step ? 'claim-steps__item--on' : ''}`}>
            {i + 1} {s.label}
          </Text>
        ))}
      </View>
      {step === 'facts' ? (
        <FactsStep
          form={form}
          benefit={benefit}
          criticalCategories={critical?.categories ?? []}
          errors={errors}
          formError={formError}
          busy={busy}
          onChange={(update) => {
            setForm(update);
            setFormError(null);
          }}
          onSave={(next) => void save(next)}
        />
      ) : null}
      {step === 'materials' ? (
        <MaterialsStep
          view={view}
          benefit={benefit}
          busy={busy}
          formError={formError}
          onChanged={() => void refresh()}
          onBack={() => setStep('facts')}
          onNext={() => void toEstimate()}
        />
      ) : null}
      {step === 'estimate' && estimate ? (
        <EstimateStep
          view={view}
          benefit={benefit}
          result={estimate}
          onBack={() => setStep('materials')}
          onStartRelated={(p) => void startRelated(p)}
        />
      ) : null}
    </View>
  );
}
