import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/cdk.out', 'storage/**', '**/.nx', 'tmp/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          // Committed fixtures (not a project) that the validation service inlines into its bundle.
          allow: ['../../../test-assets/fixtures/*'],
          depConstraints: [
            // Apps use libs; nothing uses an app's source.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // Infra deploys build outputs (bundles, Dockerfiles), never app source.
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            {
              sourceTag: 'type:test-util',
              onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'],
            },
          ],
        },
      ],
      'no-console': 'off',
    },
  },
  {
    // typescript-eslint is registered for TypeScript files only (nx flat/typescript).
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' },
      ],
    },
  },
  {
    // Tests (and only tests) may use the sample-media generator (tag type:test-util).
    files: ['**/*.test.ts', '**/tests/**/*.ts'],
    rules: {
      // A failed `!` in a test fails the test, which is what an assertion would do.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'] },
            {
              sourceTag: 'type:test-util',
              onlyDependOnLibsWithTags: ['type:lib', 'type:test-util'],
            },
          ],
        },
      ],
    },
  },
  {
    // Tool configs share the root vitest helper; they are not product code crossing project lines.
    files: ['**/vite.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Libs are imported by Lambda handlers: no stray console output in their runtime path.
    files: ['libs/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
];
