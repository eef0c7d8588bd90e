import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const SERVICES = ['gateway', 'compliance-filter', 'ivr-menu', 'routing', 'archive', 'reporting'];
const FRAMEWORKS = ['@nestjs/*', 'kafkajs', '@prisma/*', 'pino', 'fastify', 'pg', 'prom-client', '@opentelemetry/*'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '.parley/**', '.nx/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through the app config schema (config.ts).' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:platform', 'type:contracts', 'type:testing'],
              bannedExternalImports: ['kafkajs', '@prisma/*'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts'],
              bannedExternalImports: ['kafkajs'],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['@prisma/*'],
            },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: FRAMEWORKS },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:platform', 'type:contracts'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...SERVICES.map((service) => ({
              sourceTag: `scope:${service}`,
              onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    // Only the messaging layer talks to kafkajs, so delivery rules live in one place.
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/platform/src/messaging/**', 'libs/platform/src/testing/**', 'libs/platform/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'Use @parley/platform/messaging.' }] },
      ],
    },
  },
  {
    // Test tooling (the simulator, the local stack) serves a service's tests, never its running code.
    files: ['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/platform/src/testing/**', 'libs/platform/src/messaging/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kafkajs', message: 'Use @parley/platform/messaging.' }],
          patterns: [
            { group: ['@parley/vonage-simulator', '@parley/local-stack', '@parley/local-stack/*', '@parley/*/testing', 'vitest'], message: 'Test tooling stays out of running code.' },
          ],
        },
      ],
    },
  },
  {
    // Entry points hand the environment to the config loader; tools and tests run outside the services.
    files: ['apps/*/src/main.ts', 'apps/*/src/migrate.ts', 'apps/*/src/*-cli.ts', 'tools/**/*.ts', '**/test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', 'e2e/**/*.ts', '*.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The web desk is a browser app with its own compiler settings (DOM, JSX).
    files: ['apps/agent-desk/**/*.ts', 'apps/agent-desk/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './apps/agent-desk/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
