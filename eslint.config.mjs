import nx from '@nx/eslint-plugin';

/**
 * Libs are layered, and a lib imports only its own layer or a lower one:
 *   core    (error-taxonomy, retry-policy, config, observability, media-types, service-presets) → core
 *   media   (ffmpeg-runtime, transcript, cut-plan, render-timeline) → core, media
 *   state   (storage, jobs-table, manifest, tenant settings) → core, state
 *   service (lambda-kit, workflow)                 → core, media, state, service
 * media and state are siblings: neither imports the other; a shape both need lives in a core lib
 * (e.g. the probe summary in media-types). infra/src/lint-boundaries.test.ts proves a violation fails.
 */
const layerConstraints = [
  { sourceTag: 'layer:core', onlyDependOnLibsWithTags: ['layer:core'] },
  { sourceTag: 'layer:media', onlyDependOnLibsWithTags: ['layer:core', 'layer:media'] },
  { sourceTag: 'layer:state', onlyDependOnLibsWithTags: ['layer:core', 'layer:state'] },
  {
    sourceTag: 'layer:service',
    onlyDependOnLibsWithTags: ['layer:core', 'layer:media', 'layer:state', 'layer:service'],
  },
];

/** In tests a lib may also use the test utilities (sample media, test jobs); its layer rule holds otherwise. */
const layerConstraintsInTests = layerConstraints.map(({ sourceTag, onlyDependOnLibsWithTags }) => ({
  sourceTag,
  onlyDependOnLibsWithTags: [...onlyDependOnLibsWithTags, 'type:test-util'],
}));

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
            ...layerConstraints,
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
            ...layerConstraintsInTests,
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
