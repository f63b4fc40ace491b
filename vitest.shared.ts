import { resolve } from 'node:path';
import tsconfigPaths from 'vite-tsconfig-paths';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

interface ReelVitestOptions {
  /** The Nx project name; names the JSON report that tools/scripts/summarize-tests.mjs adds up. */
  projectName: string;
  /** The project's root directory (pass `import.meta.dirname`). */
  projectRoot: string;
  /** Tests that spawn ffmpeg or servers need more than vitest's 5 s default. */
  testTimeoutMs?: number;
}

/** One vitest config shape for every project: real ffmpeg, real servers, JSON report for the CI summary. */
export function defineReelVitestConfig({
  projectName,
  projectRoot,
  testTimeoutMs = 60_000,
}: ReelVitestOptions): ViteUserConfig {
  const workspaceRoot = resolve(import.meta.dirname);
  return defineConfig({
    root: projectRoot,
    cacheDir: resolve(workspaceRoot, 'node_modules/.vite', projectName),
    plugins: [tsconfigPaths({ root: workspaceRoot, projects: ['tsconfig.base.json'] })],
    test: {
      include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
      environment: 'node',
      testTimeout: testTimeoutMs,
      hookTimeout: testTimeoutMs,
      pool: 'forks',
      // Two cores on CI: ffmpeg-heavy files run two at a time at most.
      maxWorkers: 2,
      reporters: [
        'default',
        [
          'json',
          { outputFile: resolve(workspaceRoot, 'dist/test-results', `${projectName}.json`) },
        ],
      ],
    },
  });
}
