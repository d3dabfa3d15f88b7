import { View, Text } from '@tarojs/components';
// Resolves to LoginPanel.h5.tsx in the H5 build (Taro's per-platform files), so the weapp
// bundle never contains the SMS or dev-login code.
import { LoginPanel } from './LoginPanel';
import './index.css';

export default function Login() {
  return (
    <View className="page login">
      <View className="login-head">
        <Text className="login-head__title">职工互助保障</Text>
        <Text className="login-head__sub">工会会员二次医疗互助</Text>
      </View>
      <LoginPanel />
    </View>
  );
}
