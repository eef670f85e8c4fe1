// One lint setup for the whole workspace. Type-aware rules stay off to keep `pnpm lint` fast;
// `pnpm typecheck` is the type gate.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The stand-ins (local Stripe sandbox, Twilio/SendGrid stand-ins, dev seed, test helpers) are for
// development and tests: production code never imports them, by package name or by a relative path.
const noStandins = {
  regex: '^@clinicpay/standins(/|$)|^(\\.{1,2}/)+(.*/)?standins/',
  message: 'Production code never imports the stand-ins (@clinicpay/standins); tests and scripts may.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '**/.data/**', '**/coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='it'][property.name=/^(only|skip)$/]",
          message: 'No focused or skipped tests.',
        },
        {
          selector: "MemberExpression[object.name='describe'][property.name=/^(only|skip)$/]",
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    // The dependency rule (ARCHITECTURE.md): the domain imports nothing but itself.
    files: ['packages/domain/**/*.ts'],
    ignores: ['packages/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/)',
              message: 'packages/domain is pure: only relative imports are allowed.',
            },
            noStandins,
          ],
        },
      ],
    },
  },
  {
    // The same boundary for the rest of production code (the domain's block above carries it too:
    // a later block's options would replace the purity rule there).
    files: [
      'packages/api/**/*.ts',
      'packages/infrastructure/src/**/*.ts',
      'apps/web/app/**/*.{ts,tsx}',
      'apps/web/server/**/*.ts',
      'apps/web/server.ts',
      'apps/worker/src/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noStandins] }] },
  },
  {
    // Only the config module reads the environment.
    files: ['packages/**/*.ts', 'apps/**/*.{ts,tsx}'],
    ignores: [
      'packages/infrastructure/src/config/**',
      // Which browser the tests drive (CHROMIUM_PATH): test configuration, read beside the tests.
      'packages/standins/src/config/**',
      '**/*.test.ts',
      '**/test/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through loadConfig().' },
      ],
    },
  },
);
