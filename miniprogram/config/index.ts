import path from 'node:path';
import { defineConfig } from '@tarojs/cli';

/**
 * One config for both targets. Build-time switches (read from the shell, never from .env files,
 * so a stray .env.local cannot turn dev login on in a release):
 * - TARO_APP_DEV_LOGIN=true  → H5 only: show the 演示账号 list that talks to /auth/dev.
 *   Forced off for every other platform, so the weapp bundle never contains that code path.
 * - TARO_APP_CLOUD_ENV=<id>  → weapp only: the CloudBase environment passed to Taro.cloud.init;
 *   empty means the environment chosen in WeChat DevTools (the default env).
 */
export default defineConfig<'webpack5'>((_merge, { command }) => {
  const platform = process.env.TARO_ENV ?? 'weapp';
  const devLogin = platform === 'h5' && process.env.TARO_APP_DEV_LOGIN === 'true';
  const cloudEnv = platform === 'weapp' ? (process.env.TARO_APP_CLOUD_ENV ?? '') : '';
  const shared = path.resolve(__dirname, '../../shared');

  return {
    projectName: 'mutual-aid',
    date: '2026-11-24',
    // @nutui is designed at 375 and so are our own styles: one width keeps px values literal.
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    alias: { '@shared': shared },
    outputRoot: `../dist/${platform}`,
    plugins: ['@tarojs/plugin-html'],
    env: {
      TARO_APP_DEV_LOGIN: JSON.stringify(devLogin ? 'true' : 'false'),
      TARO_APP_CLOUD_ENV: JSON.stringify(cloudEnv),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    // Cold builds only: the persistent cache would live outside the gitignored dirs otherwise.
    cache: { enable: false },
    mini: {
      // shared/ sits outside the Taro app; its TypeScript (AppError) must go through babel too.
      compile: { include: [shared] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      // NutUI's per-component CSS is order-independent (BEM classes); the warning is noise.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      publicPath: command === 'build' ? './' : '/',
      staticDirectory: 'static',
      compile: { include: [shared] },
      router: { mode: 'hash' },
      // Taro splits only initial chunks, so every lazily loaded page carried its own copy of
      // NutUI and our components; sharing them across page chunks cuts the H5 build to a third.
      webpackChain(chain) {
        const split = chain.optimization.get('splitChunks');
        if (split) chain.optimization.splitChunks({ ...split, chunks: 'all' });
      },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'chunk/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
});
