#!/usr/bin/env node
/**
 * Writes `<file>.br` and `<file>.gz` next to every text asset of the H5 build, so the local
 * runtime sends phones the smallest copy without compressing on the request path.
 * Brotli at quality 11 and gzip at level 9: slow, but once per build. A file whose compressed
 * copy would not be smaller keeps none (a stale one is removed).
 *
 *   node miniprogram/scripts/precompress.js [distDir]   (default dist/h5)
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.txt', '.svg', '.wasm']);
const MIN_BYTES = 1024;

const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '../../dist/h5'));
if (!fs.existsSync(dist)) {
  console.error(`precompress: ${dist} not found; build the H5 app first`);
  process.exit(1);
}

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

const encoders = {
  '.br': (buf) =>
    zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }),
  '.gz': (buf) => zlib.gzipSync(buf, { level: 9 }),
};

let raw = 0;
let br = 0;
let count = 0;
for (const file of [...files(dist)]) {
  if (!TEXT.has(path.extname(file).toLowerCase())) continue;
  const buf = fs.readFileSync(file);
  if (buf.length < MIN_BYTES) continue;
  count += 1;
  raw += buf.length;
  for (const [suffix, encode] of Object.entries(encoders)) {
    const out = encode(buf);
    const target = file + suffix;
    if (out.length < buf.length) fs.writeFileSync(target, out);
    else fs.rmSync(target, { force: true });
    if (suffix === '.br') br += Math.min(out.length, buf.length);
  }
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`precompress: ${count} files, ${kb(raw)} → ${kb(br)} brotli (${dist})`);
