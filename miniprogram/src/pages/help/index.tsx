import { View, Text } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { Offer } from '@shared/api/enrollment';
import { call } from '../../api/client';
import { PageLoading } from '../../components/PageState';
import { keepTogether, Period } from '../../components/Nowrap';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { formatYuan } from '../../lib/format';
import './index.css';

// General questions, the same for every program.
const GENERAL: { q: string; a: string }[] = [
  {
    q: '怎样加入所在单位？',
    a: '请单位工会出示本单位二维码，用微信扫码即可立即加入；也可以在“参保”中搜索单位名称提交申请，由单位工会审核。',
  },
  {
    q: '缴费后保障什么时候生效？',
    a: '保障期以项目规定的起止日期为准：提前为下一年度缴费的，保障自下一年度起始日生效，之前显示“待生效”。',
  },
  {
    q: '支付时取消了怎么办？',
    a: '订单会保留一段时间，在“我的保单”中点“去缴费”即可继续支付；订单过期后重新发起即可。',
  },
];

/**
 * 帮助与客服: questions answered from the program data the worker's offers carry (their summary
 * lines), plus general ones, and whom to contact. The org data has no contact details yet
 * (no phone or address on units or unions), so the contact line is static for now.
 */
export default function Help() {
  const [offers, reload] = useLoad<Offer[]>(() =>
    call('enrollment.offers', {})
      .then((r) => r.offers)
      // Not registered or no unit yet: the general answers still help.
      .catch(() => []),
  );

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  return (
    <View className="page help">
      {offers.status === 'loading' ? <PageLoading /> : null}
      {offers.status === 'ready'
        ? offers.data.map((o) => (
            <View key={o.programId} className="card help-program">
              <Text className="help-program__name">{o.name}</Text>
              <View className="help-qa">
                <Text className="help-qa__q">保障期间和缴费？</Text>
                <Text className="help-qa__a">
                  保障期间 <Period period={o.coverage} />
                  ；参保时间 <Period period={o.window} />
                  ；个人缴费 <Text className="nowrap">{formatYuan(o.workerFen)}</Text>。
                </Text>
              </View>
              <View className="help-qa">
                <Text className="help-qa__q">保障哪些内容？</Text>
                {o.summary.map((line) => (
                  <Text key={line} className="help-qa__a help-qa__line">
                    {keepTogether(line)}
                  </Text>
                ))}
              </View>
            </View>
          ))
        : null}

      <View className="section-title">常见问题</View>
      <View className="card">
        {GENERAL.map((x) => (
          <View key={x.q} className="help-qa">
            <Text className="help-qa__q">{x.q}</Text>
            <Text className="help-qa__a">{x.a}</Text>
          </View>
        ))}
      </View>

      <View className="section-title">联系我们</View>
      <View className="card help-contact">
        <Text className="help-qa__a">
          参保、补助和个人信息问题，请先联系您所在单位的工会；单位工会无法处理的，请联系所在区县总工会职工互助保障中心（工作日
          9:00–17:00）。
        </Text>
      </View>
    </View>
  );
}
