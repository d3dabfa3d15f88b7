#!/usr/bin/env node
/**
 * Package-size gate for the weapp build. WeChat refuses a main package over 2 MB (and a
 * whole program over 20 MB), so this fails the build before DevTools would.
 * Every file under dist/weapp counts (conservative: WeChat may skip a few, e.g. licence
 * texts); files under a subpackage root count for that subpackage only.
 *
 *   node miniprogram/scripts/weapp-size.js [distDir]
 */
const fs = require('node:fs');
const path = require('node:path');

const MAIN_LIMIT = 2 * 1024 * 1024;
const TOTAL_LIMIT = 20 * 1024 * 1024;

const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '../../dist/weapp'));
const appJsonPath = path.join(dist, 'app.json');
if (!fs.existsSync(appJsonPath)) {
  console.error(
    `weapp-size: ${appJsonPath} not found; run \`cd miniprogram && npx taro build --type weapp\` first`,
  );
  process.exit(2);
}

const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

const sizes = new Map([['(main)', 0], ...roots.map((r) => [r, 0])]);
for (const file of files(dist)) {
  const rel = path.relative(dist, file).split(path.sep).join('/');
  const owner = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? '(main)';
  sizes.set(owner, sizes.get(owner) + fs.statSync(file).size);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const total = [...sizes.values()].reduce((a, b) => a + b, 0);
const pad = Math.max(...[...sizes.keys(), 'total'].map((k) => k.length));
for (const [name, bytes] of sizes)
  console.log(`${name.padEnd(pad)}  ${String(bytes).padStart(9)} B  ${kb(bytes).padStart(10)}`);
console.log(`${'total'.padEnd(pad)}  ${String(total).padStart(9)} B  ${kb(total).padStart(10)}`);

const main = sizes.get('(main)');
let failed = false;
if (main > MAIN_LIMIT) {
  console.error(`weapp-size: main package ${kb(main)} exceeds the 2 MB limit`);
  failed = true;
}
if (total > TOTAL_LIMIT) {
  console.error(`weapp-size: total ${kb(total)} exceeds the 20 MB limit`);
  failed = true;
}
process.exit(failed ? 1 : 0);
