import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalReelConfig, ReelConfig } from '@reel/config';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import {
  createJobManifest,
  createManifestStoreFromConfig,
  finishStepAttempt,
  requireJobInput,
  startRun,
  startStepAttempt,
  updateManifest,
} from '@reel/manifest';
import { buildJobKey, createStorageFromConfig } from '@reel/storage';
import { assertHoldsRunLease } from './assert-holds-run-lease';
import { fetchJobInput } from './fetch-job-input';
import { jobEventRefSchema, parseEvent } from './job-event';
import { publishStepOutputs } from './publish-step-outputs';

const REHEARSAL_INPUT_BYTES = 64 * 1024;
const REHEARSAL_LEASE_TTL_MS = 60_000;

export interface RehearseStepFrameOptions {
  /** Where its scratch dir goes; default `os.tmpdir()`. */
  parentDir?: string;
  /** Stops the rehearsal at its next stage (its scratch dir is still removed). */
  signal?: AbortSignal;
}

/**
 * Walks the handler frame's code paths once, in init, on a throwaway local backend inside its own
 * scratch dir (removed after): the event's parse, a job created with its input stored, the run lease
 * taken and checked, the start and the success of an attempt recorded (lock, read, schema check,
 * atomic write), the input fetched and hashed, an output published. A fresh process pays the first
 * use of each (lazy compilation of the bundle's functions, Node's lazily loaded internals, first
 * calls through zod and the fs streams) here instead of in its first Task. Nothing is logged, no
 * metric is emitted, the configured storage and manifests are not touched (an AWS config rehearses
 * on the local backend too). Resolves with the milliseconds it took and the error that stopped it,
 * if any; it never rejects (a failed rehearsal only means the first Task pays those costs itself).
 *
 * @example
 * void rehearseStepFrame(config); // at import, beside the dependencies built by buildAtInit
 */
export async function rehearseStepFrame(
  config: ReelConfig,
  { parentDir, signal }: RehearseStepFrameOptions = {},
): Promise<{ durationMs: number; error?: unknown }> {
  const startedMs = performance.now();
  try {
    await withScratchDir(
      async (scratchDir) => {
        const stop = signal ?? new AbortController().signal;
        const local: LocalReelConfig = {
          ...config,
          backend: 'local',
          mediaStoragePath: join(scratchDir, 'storage'),
        };
        const storage = createStorageFromConfig(local);
        const manifests = createManifestStoreFromConfig(local);
        const job = parseEvent(jobEventRefSchema, {
          env: config.env,
          tenantId: 'rehearsal',
          jobId: 'rehearsal',
          correlationId: 'rehearsal',
          runId: 'run-rehearsal',
        });
        const ref = { tenantId: job.tenantId, jobId: job.jobId };
        const upload = join(scratchDir, 'upload.mp4');
        const bytes = randomBytes(REHEARSAL_INPUT_BYTES);
        stop.throwIfAborted();
        await writeFile(upload, bytes);
        const key = buildJobKey({ ...job, kind: 'input', name: 'source.mp4' });
        stop.throwIfAborted();
        await storage.putFile({ key, path: upload, contentType: 'video/mp4' });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const input = { key, bytes: bytes.length, sha256, contentType: 'video/mp4' };
        stop.throwIfAborted();
        await manifests.create(createJobManifest({ ...job, input, now: new Date() }));
        stop.throwIfAborted();
        await manifests.acquireRunLease(ref, {
          runId: job.runId,
          ttlMs: REHEARSAL_LEASE_TTL_MS,
        });
        stop.throwIfAborted();
        await updateManifest(manifests, ref, (draft) =>
          startRun(draft, { runId: job.runId, now: new Date() }),
        );
        const step = 'rehearsal';
        const manifest = await updateManifest(manifests, ref, async (draft) => {
          stop.throwIfAborted();
          await assertHoldsRunLease({ manifests, job, step });
          return startStepAttempt(draft, { step, now: new Date() });
        });
        stop.throwIfAborted();
        await fetchJobInput({
          storage,
          input: requireJobInput(manifest),
          scratchDir,
          signal: stop,
        });
        const outputs = await publishStepOutputs({
          job,
          kind: 'plan',
          files: [{ name: 'rehearsal.json', text: '{}' }],
          storage,
          scratchDir,
          signal: stop,
        });
        stop.throwIfAborted();
        await updateManifest(manifests, ref, async (draft) => {
          stop.throwIfAborted();
          await assertHoldsRunLease({ manifests, job, step });
          return finishStepAttempt(draft, { step, status: 'succeeded', outputs, now: new Date() });
        });
        stop.throwIfAborted();
        await manifests.releaseRunLease(ref, { runId: job.runId });
      },
      { prefix: rehearsalPrefix(process.pid), ...(parentDir === undefined ? {} : { parentDir }) },
    );
  } catch (error) {
    // An optimisation only: the first Task then pays the first-use costs itself.
    return { durationMs: performance.now() - startedMs, error };
  }
  return { durationMs: performance.now() - startedMs };
}

/** Its scratch dir's name starts with the process id, so whoever stopped the process can find it. */
function rehearsalPrefix(pid: number): string {
  return `reel-rehearsal-${pid}-`;
}

/**
 * Removes what the rehearsals of stopped processes left in `rootDir` (their temp dir): a process
 * stopped mid-rehearsal (a local host closed right after a fast failure) can be cut off in the
 * middle of its cleanup, after its owner record is gone, where `sweepStaleScratch` cannot tell
 * whose the dir was. Only call it with the ids of processes that have exited.
 *
 * @example
 * await removeRehearsalLeftovers({ rootDir: tmpdir(), pids: [child.pid] });
 */
export async function removeRehearsalLeftovers({
  rootDir,
  pids,
}: {
  rootDir: string;
  pids: readonly number[];
}): Promise<void> {
  const prefixes = pids.map(rehearsalPrefix);
  const entries = await readdir(rootDir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => prefixes.some((prefix) => name.startsWith(prefix)))
      .map((name) => rm(join(rootDir, name), { recursive: true, force: true, maxRetries: 3 })),
  );
}
