/**
 * Bundles every cloud function (each folder of cloudfunctions/ not starting with "_") with
 * shared/ into its own deployable folder dist/cloudfunctions/<name>: index.js + package.json
 * (depending only on wx-server-sdk, which CloudBase installs) + config.json when present.
 * WeChat DevTools and the local runtime both load exactly these folders.
 */
import { build } from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const sourceDir = join(root, 'cloudfunctions');
const defaultOutRoot = join(root, 'dist', 'cloudfunctions');
const sdkVersion = (require(join(root, 'package.json')) as { dependencies: Record<string, string> })
  .dependencies['wx-server-sdk'];

export function functionNames(): string[] {
  return readdirSync(sourceDir)
    .filter((n) => !n.startsWith('_') && statSync(join(sourceDir, n)).isDirectory())
    .filter((n) => existsSync(join(sourceDir, n, 'index.ts')))
    .sort();
}

/**
 * Each function is built in a sibling folder and swapped in by two renames, so a runtime loading
 * functions from `outRoot` meanwhile (another test run, `npm start`) never finds one missing.
 * `outRoot` must sit inside the project: the bundles resolve wx-server-sdk from its node_modules.
 */
export async function bundleFunctions(
  names = functionNames(),
  outRoot = defaultOutRoot,
): Promise<{ name: string; bytes: number }[]> {
  const results: { name: string; bytes: number }[] = [];
  for (const name of names) {
    const finalDir = join(outRoot, name);
    const outDir = join(outRoot, `.${name}.${process.pid}.new`);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    await build({
      entryPoints: [join(sourceDir, name, 'index.ts')],
      outfile: join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      // CloudBase offers Node 16 and later runtimes.
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      alias: { '@shared': join(root, 'shared') },
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    writeFileSync(
      join(outDir, 'package.json'),
      JSON.stringify(
        {
          name,
          version: '1.0.0',
          private: true,
          main: 'index.js',
          dependencies: { 'wx-server-sdk': sdkVersion },
        },
        null,
        2,
      ) + '\n',
    );
    if (existsSync(join(sourceDir, name, 'config.json')))
      copyFileSync(join(sourceDir, name, 'config.json'), join(outDir, 'config.json'));
    const oldDir = join(outRoot, `.${name}.${process.pid}.old`);
    rmSync(oldDir, { recursive: true, force: true });
    if (existsSync(finalDir)) renameSync(finalDir, oldDir);
    renameSync(outDir, finalDir);
    rmSync(oldDir, { recursive: true, force: true });
    results.push({ name, bytes: statSync(join(finalDir, 'index.js')).size });
  }
  return results;
}

if (require.main === module) {
  // `--out <dir>`: another folder than dist/cloudfunctions (the benchmark builds its own copy).
  const i = process.argv.indexOf('--out');
  const out = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]) : defaultOutRoot;
  bundleFunctions(functionNames(), out)
    .then((rs) => {
      for (const r of rs)
        console.log(`cloud function ${r.name.padEnd(14)} ${(r.bytes / 1024).toFixed(1)} KB`);
      console.log(`bundled ${rs.length} cloud functions into ${out}`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
