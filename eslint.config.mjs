import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
