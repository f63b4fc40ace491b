// The size budget: fails the build (CI runs `nx run-many -t test`, and bench:test depends on every
// app's build) when any app's one-file bundle passes 1 MiB, naming the app and its size.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_BUDGET_BYTES,
  findBundlesOverBudget,
  listApps,
  packagesEvaluatedAtImport,
  readAppBundles,
} from './app-bundles';

const workspaceRoot = join(import.meta.dirname, '../../..');
const apps = await listApps(workspaceRoot);
const bundles = await readAppBundles({ workspaceRoot, apps });

describe('App bundles', () => {
  it('finds a built bundle for every app', () => {
    // Assess
    expect(apps).toContain('transcription');
    expect(bundles.map(({ app }) => app)).toEqual(apps);
  });

  it('keeps every app bundle within 1 MiB', () => {
    // Act
    const overBudget = findBundlesOverBudget({ bundles, budgetBytes: BUNDLE_BUDGET_BYTES });

    // Assess
    expect(overBudget, `App bundles over budget:\n${overBudget.join('\n')}`).toEqual([]);
  });

  it.each(bundles.map(({ app, metaPath }) => [app, metaPath]))(
    'evaluates no AWS SDK client when %s is imported',
    async (_app, metaPath) => {
      // Act
      const evaluated = await packagesEvaluatedAtImport(metaPath);

      // Assess
      expect([...evaluated].filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
      expect(evaluated).toContain('@aws-lambda-powertools/logger');
    },
  );
});

describe('Function: findBundlesOverBudget', () => {
  it('names each app over the budget with its size', () => {
    // Act
    const overBudget = findBundlesOverBudget({
      bundles: [
        { app: 'audio-extraction', bytes: 900_000 },
        { app: 'transcription', bytes: 1_200_000 },
      ],
      budgetBytes: BUNDLE_BUDGET_BYTES,
    });

    // Assess
    expect(overBudget).toEqual([
      'transcription: index.mjs is 1.14 MiB (1200000 bytes), over the 1.00 MiB budget by 151424 bytes',
    ]);
  });

  it('fails the real bundles against a 10 KiB budget', () => {
    // Act
    const overBudget = findBundlesOverBudget({ bundles, budgetBytes: 10 * 1024 });

    // Assess
    expect(overBudget).toHaveLength(apps.length);
    expect(overBudget[0]).toMatch(
      /^[a-z-]+: index\.mjs is [\d.]+ (KiB|MiB) \(\d+ bytes\), over the 10 KiB budget by \d+ bytes$/,
    );
  });
});
