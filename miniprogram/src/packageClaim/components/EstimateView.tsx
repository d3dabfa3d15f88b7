import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { formatYuan } from '../../lib/format';
import { Unbroken } from './Unbroken';

type Estimate = OutputOf<'claim.estimate'>;

interface Props {
  result: Estimate;
  onStartRelated?: (p: Estimate['prompts'][number]) => void;
}

/** The calculator's amount and its explanation, warnings, duplicates and cross-benefit prompts. */
export function EstimateView({ result, onStartRelated }: Props) {
  const { estimate, duplicates, prompts, missing } = result;
  return (
    <View className="claim-estimate">
      <View className="card claim-estimate__amount-card">
        <Text className="claim-estimate__caption">预估补助金额</Text>
        <Text className="claim-estimate__amount nowrap">{formatYuan(estimate.amountFen)}</Text>
        {estimate.alreadyPaidFen > 0 ? (
          <Text className="claim-estimate__sub">
            按累计应得 <Text className="nowrap">{formatYuan(estimate.entitlementFen)}</Text>
            ，扣除本年度已获补助 <Text className="nowrap">{formatYuan(estimate.alreadyPaidFen)}</Text>
          </Text>
        ) : null}
        <Text className="claim-estimate__sub">最终金额以审核结果为准。</Text>
        {estimate.excluded ? (
          <View className="error-text claim-estimate__excluded">{estimate.excluded}，不能申请</View>
        ) : null}
      </View>

      <View className="card claim-estimate__lines">
        <Text className="claim-section__title">计算说明</Text>
        {estimate.lines.map((l, i) => (
          <View key={`${l.code}-${i}`} className={`claim-line claim-line--${l.code}`}>
            <Unbroken className="claim-line__text" text={l.text} />
            {l.amountFen !== undefined ? (
              <Text className="claim-line__amount nowrap">{formatYuan(l.amountFen)}</Text>
            ) : null}
          </View>
        ))}
        {estimate.pendingClaims > 0 ? (
          <Text className="claim-note">
            另有 {estimate.pendingClaims} 件同类申请正在审核，审核结果可能影响本次金额。
          </Text>
        ) : null}
      </View>

      {estimate.warnings.length ? (
        <View className="card claim-estimate__warnings">
          <Text className="claim-section__title">请注意</Text>
          {estimate.warnings.map((w, i) => (
            <Text
              key={`${w.code}-${i}`}
              className={`claim-warning ${w.blocking ? 'claim-warning--blocking' : ''}`}
            >
              <Unbroken text={w.text} />
            </Text>
          ))}
        </View>
      ) : null}

      {duplicates.length ? (
        <View className="card claim-estimate__duplicates">
          <Text className="claim-section__title">可能重复</Text>
          {duplicates.map((d, i) => (
            <Text key={i} className="claim-warning claim-duplicate">
              <Unbroken text={d.text} />
            </Text>
          ))}
        </View>
      ) : null}

      {missing.length ? (
        <View className="card claim-estimate__missing">
          <Text className="claim-section__title">还缺少的材料</Text>
          {missing.map((m, i) => (
            <Text key={i} className="claim-warning claim-warning--blocking">
              <Unbroken text={m.label} />
            </Text>
          ))}
        </View>
      ) : null}

      {prompts.length ? (
        <View className="card claim-estimate__prompts">
          <Text className="claim-section__title">您还可以申请</Text>
          {prompts.map((p) => (
            <View key={`${p.benefitId}-${p.stayIndex}`} className="claim-prompt">
              <Unbroken className="claim-prompt__text" text={p.text} />
              {onStartRelated ? (
                <Button
                  className="claim-prompt__start"
                  size="small"
                  type="primary"
                  fill="outline"
                  onClick={() => onStartRelated(p)}
                >
                  申请{p.benefitName}
                </Button>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
