// One jest run, several projects: each kind of test gets the environment it needs.
const tsTransform = {
  '^.+\\.(t|j)sx?$': [
    'ts-jest',
    {
      // Transpile only (isolatedModules): type errors are tsc's job in `npm run lint`.
      tsconfig: {
        module: 'commonjs',
        moduleResolution: 'node',
        jsx: 'react-jsx',
        allowJs: true,
        esModuleInterop: true,
        isolatedModules: true,
      },
    },
  ],
};
// Packages that ship only ES modules and must be transformed for jest.
const esmPackages = ['chinese-days', 'mingo', 'bson'];
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];

// The benchmark's own copy of the function bundles and Stryker's sandboxes: their package.json
// names would collide with dist/cloudfunctions' in jest's module map.
const modulePathIgnorePatterns = ['<rootDir>/dist/bench-functions/', '<rootDir>/.stryker-tmp/'];

const node = (displayName, roots, extra = {}) => ({
  displayName,
  modulePathIgnorePatterns,
  testEnvironment: 'node',
  transform: tsTransform,
  transformIgnorePatterns,
  testMatch: roots.map((r) => `<rootDir>/tests/${r}/**/*.test.ts`),
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
  ...extra,
});

module.exports = {
  testTimeout: 30_000,
  // The functions are bundled once for the whole run (see the file for why).
  globalSetup: '<rootDir>/tests/helpers/global-setup.js',
  // Generous: the suite shares 2 cores with builds and a browser, and a cold SDK takes seconds.
  projects: [
    node('unit', ['shared']),
    node('runtime', ['contract', 'runtime']),
    node('functions', ['functions', 'integration']),
    node('component', ['component']),
    node('e2e', ['e2e']),
    {
      displayName: 'weapp',
      modulePathIgnorePatterns,
      testEnvironment: 'jsdom',
      transform: {},
      testMatch: ['<rootDir>/tests/weapp/**/*.test.js', '<rootDir>/tests/component/**/*.test.js'],
    },
  ],
};
