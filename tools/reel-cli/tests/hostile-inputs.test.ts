import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStoredManifest, type JobManifest } from '@reel/manifest';
import { generateHostileInputs, listHostileInputs } from '@reel/sample-media';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every hostile upload of the sample-media generator, through the real CLI (a child process, the
// built service bundles, real ffmpeg): each must end typed, fast, and leave nothing behind.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');
const STEPS = ['validate', 'audio-extraction', 'transcription', 'smart-cut-planner'];
// What a failed job may keep: the upload it was given, its manifest and the run's logs.
const KEPT_ENTRIES = ['input', 'logs', 'manifest.json'];
// Far above what a refusal takes (0.2–1.5 s on an idle machine): a hang or a full decode of
// hours of media would pass it; the timings themselves belong to tools/bench.
const REFUSAL_LIMIT_MS = 5000;
// The whole CLI run, spawn to exit: start-up, intake, the steps before the failing one and the
// summary (and rebuilding the CLI itself when its sources changed). A bound, not a benchmark.
const CLI_RUN_LIMIT_MS = 30_000;
// Two CLI runs at a time: faster than one after another, without starving the 2-core runners.
const PARALLEL_RUNS = 2;

/** Runs `work` when fewer than `limit` others run. */
function createLimiter(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

const workDir = await mkdtemp(join(tmpdir(), 'reel-cli-hostile-'));
const inputsDir = join(workDir, 'inputs');
const storageDir = join(workDir, 'storage');

describe('npx reel run on hostile uploads', () => {
  const limited = createLimiter(PARALLEL_RUNS);

  beforeAll(async () => {
    await mkdir(inputsDir);
    await generateHostileInputs(inputsDir);
  }, 120_000);
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('covers 30+ hostile uploads', () => {
    expect(listHostileInputs(inputsDir).length).toBeGreaterThanOrEqual(30);
  });

  const readManifest = async (job: string): Promise<JobManifest> => {
    const source = join(storageDir, 'dev', 'hostile', job, 'manifest.json');
    return parseStoredManifest(await readFile(source, 'utf8'), { source });
  };

  it.concurrent.each(listHostileInputs(inputsDir))(
    'refuses $name with $expectedCode at $failsAt, quickly, keeping nothing',
    async ({ name, path, expectedCode, failsAt }) => {
      // Prepare: a scratch parent of its own, so this run's leftovers are this run's alone.
      const scratchParent = join(workDir, 'tmp', name);
      await mkdir(scratchParent, { recursive: true });

      // Act
      const { exitCode, stdout, cliMs } = await limited(async () => {
        const startedMs = performance.now();
        const result = await execa(
          reelBin,
          ['run', '--input', path, '--tenant', 'hostile', '--job', name, '--no-build'],
          {
            cwd: workDir,
            reject: false,
            env: { MEDIA_STORAGE_PATH: storageDir, TMPDIR: scratchParent, REEL_ENV: 'dev' },
          },
        );
        return { ...result, cliMs: performance.now() - startedMs };
      });

      // Assess
      expect({ name, exitCode, code: stdout.match(/error {5}(\w+)/)?.[1] }).toEqual({
        name,
        exitCode: 1,
        code: expectedCode,
      });
      expect(stdout).not.toContain('INTERNAL');
      const manifest = await readManifest(name);
      expect(manifest).toMatchObject({ status: 'failed', error: { code: expectedCode } });
      const failedStep = manifest.steps[failsAt];
      expect(failedStep).toMatchObject({ status: 'failed', error: { code: expectedCode } });
      expect(failedStep?.attempts).toHaveLength(1);
      const stepMs = failedStep?.durationMs ?? Number.POSITIVE_INFINITY;
      expect(stepMs).toBeLessThan(REFUSAL_LIMIT_MS);
      expect(cliMs).toBeLessThan(CLI_RUN_LIMIT_MS);
      for (const step of STEPS.slice(STEPS.indexOf(failsAt) + 1)) {
        expect(manifest.steps[step]).toBeUndefined();
      }
      for (const record of Object.values(manifest.steps)) expect(record.outputs).toEqual([]);
      const kept = await readdir(join(storageDir, 'dev', 'hostile', name));
      expect(kept.filter((entry) => !KEPT_ENTRIES.includes(entry))).toEqual([]);
      expect(await readdir(scratchParent)).toEqual([]);
    },
  );
});
