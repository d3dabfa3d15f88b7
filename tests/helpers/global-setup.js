// Bundle the cloud functions once per jest run, before any worker starts a runtime: bundling
// replaces dist/cloudfunctions/<name>, so a worker doing it while another worker's runtime
// loads a function would make that function vanish mid-test.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const root = join(__dirname, '..', '..');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'cloudfunctions/_build/bundle.ts'],
    {
      cwd: root,
      // A bundling error (a broken function) is printed; the bundler's size table is not.
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
};
