/**
 * `npm start`: build what is missing or stale, start the local runtime on its durable data
 * directory, seed the demo data once, and print where to click. Ctrl-C stops it.
 *
 * Env: PORT (8787), HOST (127.0.0.1), PUBLIC_URL (the origin phones/browsers use), DATA_DIR.
 * Dev login (演示账号) is on when HOST is loopback and off otherwise; `--no-dev-login` turns it
 * off, and `--dev-login` on a non-loopback HOST is refused.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleFunctions } from '../_build/bundle';
import { isLoopbackHost } from '../_runtime/http/host-check';
import { startRuntime } from '../_runtime/server';
import { ensureLocalSecrets } from './secrets';
import { demoJoinToken, seedDemo } from './seed';

const root = resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The H5 build takes ~20 s: redo it only when the app or the shared code changed since. */
function ensureH5Build(): void {
  const index = join(root, 'dist', 'h5', 'index.html');
  const sources = Math.max(newestMtime(join(root, 'miniprogram', 'src')), newestMtime(join(root, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources && !process.argv.includes('--rebuild')) return;
  console.log('构建 H5 前端（约 20–40 秒）…');
  const res = spawnSync('npm', ['run', 'build:h5'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TARO_APP_DEV_LOGIN: 'true' },
  });
  if (res.status !== 0) throw new Error('H5 build failed');
}

/** Dev login lets anyone who reaches the port sign in as any demo identity: loopback only. */
function devLoginFor(host: string): boolean {
  const asked = process.argv.includes('--dev-login');
  if (process.argv.includes('--no-dev-login')) return false;
  if (isLoopbackHost(host)) return true;
  if (asked) {
    console.error(
      `拒绝启动：演示账号登录（--dev-login）只允许绑定在本机回环地址（127.0.0.1 / localhost），当前 HOST=${host}。\n` +
        `Refusing to start: dev login is only allowed on a loopback HOST, not ${host}. Drop --dev-login; SMS login still works.`,
    );
    process.exit(2);
  }
  return false;
}

async function main(): Promise<void> {
  const host = process.env.HOST || '127.0.0.1';
  const devLogin = devLoginFor(host);
  const dataDir = resolve(root, process.env.DATA_DIR ?? '.local-data');
  ensureLocalSecrets(dataDir);
  // The WeChat Pay sub-merchant the functions would use on CloudBase; the sandbox accepts any.
  process.env.WXPAY_SUB_MCH_ID ??= '1900000109';
  const bundled = await bundleFunctions();
  console.log(`云函数已打包：${bundled.map((b) => b.name).join(', ')}`);
  ensureH5Build();

  const runtime = await startRuntime({
    port: process.env.PORT !== undefined ? Number(process.env.PORT) : 8787,
    host,
    publicUrl: process.env.PUBLIC_URL || undefined,
    dataDir,
    functionsDir: join(root, 'dist', 'cloudfunctions'),
    h5Dir: join(root, 'dist', 'h5'),
    devLogin,
  });
  const seeded = seedDemo(runtime.db, new Date());
  console.log(seeded ? '已写入演示数据（组织、单位、项目、演示账号）' : '演示数据已存在，未重复写入');
  const howToSignIn = devLogin
    ? '登录页可选择“演示账号”，或用手机号 + 验证码登录（验证码打印在本窗口）。'
    : '演示账号未开启（只在绑定本机地址时提供），请用手机号 + 验证码登录（验证码打印在本窗口）。';
  console.log(
    `\n本地系统已启动：${runtime.publicUrl}\n在浏览器打开上面的地址，${howToSignIn}\n` +
      `演示单位（高新区工会）的入会二维码链接：${runtime.publicUrl}/#/pages/join/index?scene=${demoJoinToken(runtime.db)}\n` +
      `数据目录：${dataDir}（删除它即可重置）\n`,
  );
  process.stdout.write(`READY ${runtime.url}\n`);

  const stop = () => {
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
