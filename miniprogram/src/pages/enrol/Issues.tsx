import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { UNION_CARD_PAGE } from '../../routes';

interface Issue {
  code: string;
  message: string;
  blocking: boolean;
}

// Issues the worker can fix from here, and where.
const FIXES: Record<string, { label: string; url: string }> = {
  'ENROLL.UNION_CARD_REQUIRED': {
    label: '去填写工会服务卡号',
    url: UNION_CARD_PAGE,
  },
};

/** Why the worker cannot enrol (red) or what the officer will check (orange). */
export function Issues({ issues }: { issues: Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <View className="enrol-issues">
      {issues.map((i) => {
        const fix = FIXES[i.code];
        return (
          <View key={i.code} className={`enrol-issue enrol-issue--${i.blocking ? 'blocking' : 'warning'}`}>
            <Text>{i.message}</Text>
            {fix ? (
              <Text className="enrol-issue__fix" onClick={() => void Taro.navigateTo({ url: fix.url })}>
                {fix.label}
              </Text>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
