/**
 * The dev login (演示账号, /auth/dev) and the local SMS login exist only in the local H5 build.
 * This scans every file of the compiled weapp package to prove none of it shipped.
 */
const fs = require('node:fs');
const path = require('node:path');
const { DIST, assertBuilt } = require('./weapp-harness');

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

// webpack writes non-ASCII string literals as \\uXXXX escapes, so look for both spellings.
const escaped = (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const FORBIDDEN = [
  '/auth/dev',
  'auth/dev/identities',
  '/auth/sms',
  'TARO_APP_DEV_LOGIN',
  '演示账号',
  escaped('演示账号'),
];

test('dist/weapp contains no dev-login or local-auth code', () => {
  assertBuilt();
  const hits = [];
  let scanned = 0;
  for (const file of files(DIST)) {
    const text = fs.readFileSync(file, 'utf8');
    scanned += 1;
    for (const needle of FORBIDDEN)
      if (text.includes(needle)) hits.push(`${path.relative(DIST, file)}: ${needle}`);
  }
  expect(scanned).toBeGreaterThan(10);
  expect(hits).toEqual([]);
});

test('the scan would see the login page if it leaked (page is present and compiled)', () => {
  // Guards against a vacuous pass: the login page's own strings are in the bundle.
  const login = fs.readFileSync(path.join(DIST, 'pages/login/index.js'), 'utf8');
  expect(login).toContain(escaped('微信手机号快捷登记'));
});
