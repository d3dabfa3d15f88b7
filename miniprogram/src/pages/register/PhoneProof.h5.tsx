import { View, Text } from '@tarojs/components';
import { freshPhoneCode } from '../../api/local-auth';
import { useSession } from '../../store/session';

/**
 * Local runtime: the phone was verified by the SMS sign-in; each registration attempt asks the
 * runtime for a fresh single-use proof of that session's phone, so a failed attempt can be retried.
 */
export function PhoneProof({ error }: { error?: string | null }) {
  return (
    <View className="register-phone">
      <Text className="register-label">手机号</Text>
      <Text className="register-phone__ok">使用登录时短信验证的手机号</Text>
      {error ? <View className="error-text">{error}</View> : null}
    </View>
  );
}

export const takePhoneCode = (): Promise<string> => freshPhoneCode(useSession.getState().token);
