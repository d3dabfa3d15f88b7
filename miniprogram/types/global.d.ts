/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | undefined;
    /** 'true' only in the local H5 build (see config/index.ts). */
    TARO_APP_DEV_LOGIN: 'true' | 'false' | undefined;
    /** CloudBase environment id for the weapp build; '' = DevTools' default env. */
    TARO_APP_CLOUD_ENV: string | undefined;
  }
}
