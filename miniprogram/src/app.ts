import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { forgetSession } from './lib/session-store';
import './theme/app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // An empty env id lets WeChat pick the environment selected in DevTools (the default one).
      const env = process.env.TARO_APP_CLOUD_ENV;
      Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
      // WeChat has no session storage: what was kept "for the session" ends with the app.
      forgetSession();
    }
  });
  return children;
}

export default App;
