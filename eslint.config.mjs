import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.local-data/**',
      'test-artifacts/**',
      '**/*.config.js',
      'miniprogram/babel.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Small functions with few branches: a rule that needs more belongs in data or a helper.
      complexity: ['error', 25],
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
      'max-depth': ['error', 4],
    },
  },
  {
    // describe/test blocks are long by nature.
    files: ['tests/**'],
    rules: { 'max-lines-per-function': 'off', complexity: 'off' },
  },
  {
    files: ['miniprogram/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // A page component holds its states' markup; past this it should be split into parts.
      'max-lines-per-function': ['error', { max: 220, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Deployable function code runs on CloudBase: it never reaches into the local runtime or the
    // dev tools, reaches the database only through the collection registry, and handler files do
    // not import each other (what they share lives in _lib).
    files: ['cloudfunctions/**/*.ts'],
    ignores: ['cloudfunctions/_runtime/**', 'cloudfunctions/_dev/**', 'cloudfunctions/_build/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['**/_runtime/**', '**/_dev/**', '**/_build/**', '../../shared/**', '../../../shared/**'],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='collection']:matches([callee.object.property.name='db'], [callee.object.name='db']) > Literal",
          message: "Reach collections through the registry: coll(ctx.db, 'name') from _lib/collections.",
        },
      ],
    },
  },
  {
    files: ['cloudfunctions/*/!(index).ts'],
    ignores: ['cloudfunctions/_*/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./*'], message: 'Handler files do not import each other: move shared code to _lib/.' },
            {
              group: ['**/_runtime/**', '**/_dev/**', '../../shared/**'],
              message: 'Function code runs on CloudBase: no local runtime, no dev tools; use @shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Layer rules: the domain is pure, and pages never touch the SDKs directly.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '**/cloudfunctions/**',
            '**/miniprogram/**',
            'wx-server-sdk',
            'node:*',
            'fs',
            'path',
            'crypto',
            'better-sqlite3',
          ],
        },
      ],
    },
  },
  {
    files: ['miniprogram/src/pages/**', 'miniprogram/src/package*/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['wx-server-sdk', '**/cloudfunctions/**'] }] },
  },
  {
    files: ['tests/weapp/**/*.js'],
    languageOptions: {
      globals: {
        describe: 'readonly',
        test: 'readonly',
        it: 'readonly',
        expect: 'readonly',
        beforeAll: 'readonly',
        afterAll: 'readonly',
        beforeEach: 'readonly',
        global: 'writable',
        jest: 'readonly',
      },
    },
  },
);
