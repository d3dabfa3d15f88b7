// The unit tests alone, for mutation testing (`npm run mutation`, stryker.config.mjs): the same
// transform and `@shared/*` mapping as the `unit` project of jest.config.js, without its
// globalSetup (bundling the cloud functions is of no use to tests of the pure domain).
const { projects } = require('./jest.config.js');

const { displayName: _displayName, ...unit } = projects.find((p) => p.displayName === 'unit');

module.exports = {
  ...unit,
  rootDir: __dirname,
  testTimeout: 30_000,
  // Builds and Stryker's sandboxes hold copies of package.json files jest would see twice.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.stryker-tmp/', '<rootDir>/reports/'],
};
