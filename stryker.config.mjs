// Mutation testing of the code that decides money (`npm run mutation`, README "Mutation testing"):
// the benefit calculator, money, fee splits, quota places, claim review decisions, the
// lifecycles and the payment checks, against the unit tests (tests/shared, jest.mutation.config.js).

/**
 * Chinese sentences are for people: explanation lines, warnings, error messages, labels. No rule
 * compares against them, so a mutant that blanks one says nothing about money; they are ignored
 * (reported as "Ignored", not counted in the score). A string or template literal counts as text
 * when it holds a CJK character; so do arrays and objects made only of such text (label tables)
 * and a choice between two texts. The settlement import's column headers are kept: which column
 * is read as the self-paid amount is a money decision.
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

function isText(node) {
  if (!node) return false;
  switch (node.type) {
    case 'StringLiteral':
      return CJK.test(node.value);
    case 'TemplateLiteral':
      return node.quasis.some((q) => CJK.test(q.value.raw));
    case 'ArrayExpression':
      return node.elements.length > 0 && node.elements.every(isText);
    case 'ObjectExpression':
      return (
        node.properties.length > 0 &&
        node.properties.every((p) => p.type === 'ObjectProperty' && isText(p.value))
      );
    case 'ConditionalExpression':
      return isText(node.consequent) && isText(node.alternate);
    case 'TSAsExpression':
      return isText(node.expression);
    default:
      return false;
  }
}

const keptText = (path) =>
  path.findParent((p) => p.isVariableDeclarator() && p.node.id.name === 'SETTLEMENT_COLUMNS');

export const strykerPlugins = [
  {
    kind: 'Ignore', // PluginKind.Ignore of @stryker-mutator/api
    name: 'chinese-text',
    value: {
      shouldIgnore(path) {
        if (isText(path.node) && !keptText(path)) return 'Chinese text for people, not a money rule';
        return undefined;
      },
    },
  },
];

export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  plugins: ['@stryker-mutator/jest-runner', './stryker.config.mjs'],
  ignorers: ['chinese-text'],
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  mutate: [
    'shared/benefits/*.ts',
    'shared/money.ts',
    'shared/money-schema.ts',
    'shared/program/fee.ts',
    'shared/officer/quota.ts',
    'shared/review/checks.ts',
    'shared/review/meeting.ts',
    'shared/review/policy.ts',
    'shared/review/reasons.ts',
    'shared/review/settlement.ts',
    'shared/lifecycle/machine.ts',
    'shared/lifecycle/claim.ts',
    'shared/lifecycle/enrollment.ts',
    'shared/lifecycle/payout-batch.ts',
    'shared/payments/verify.ts',
  ],
  // The sandbox needs shared/, tests/ and the configs; not the builds or the mini-program.
  ignorePatterns: ['dist', 'miniprogram', '.local-data', '.data', 'test-artifacts', 'coverage', 'reports'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false },
  thresholds: { high: 95, low: 90, break: 90 },
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  // A run retests only the mutants whose code or covering tests changed since the last one
  // (`npm run mutation -- --force` retests everything).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
