import { ConflictError, InternalError } from '@reel/error-taxonomy';
import { createRetryPolicy } from '@reel/retry-policy';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalManifestStore } from '../src/local-manifest-store';
import type { ManifestStore } from '../src/manifest-store';
import { startStepAttempt } from '../src/step-bookkeeping';
import { updateManifest } from '../src/update-manifest';
import { sampleManifest } from './support/sample-manifest';
import type { WorkerMessage, WorkerTask } from './support/update-worker';

const libRoot = resolve(import.meta.dirname, '..');
const ref = { tenantId: 'acme', jobId: 'ep-42' };

describe('Function: createLocalManifestStore', () => {
  let rootDir: string;
  let store: ManifestStore;
  let manifestPath: string;

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-manifest-local-'));
    store = createLocalManifestStore({ rootDir, env: 'dev' });
    manifestPath = join(rootDir, 'dev', 'acme', 'ep-42', 'manifest.json');
  });

  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('keeps manifest.json at {rootDir}/{env}/{tenantId}/{jobId}/ with no temp or lock files left', async () => {
    // Prepare
    const created = await store.create(sampleManifest({ env: 'dev', ...ref }));

    // Act
    await store.put({ ...created, status: 'queued' }, { expectedVersion: 1 });

    // Assess
    const stored = JSON.parse(await readFile(manifestPath, 'utf8'));
    expect(stored).toMatchObject({ jobId: 'ep-42', version: 2, status: 'queued' });
    expect(await readdir(join(rootDir, 'dev', 'acme', 'ep-42'))).toEqual(['manifest.json']);
  });

  it('hands every reader its own copy of a manifest it has read before', async () => {
    // Prepare
    const created = await store.create(sampleManifest({ env: 'dev', ...ref }));
    const first = await store.get(ref);
    if (first === undefined) throw new Error('created manifest not found');
    first.status = 'failed';

    // Act
    const second = await store.get(ref);

    // Assess
    expect(second).toEqual(created);
    expect(second?.status).not.toBe('failed');
  });

  it('refuses an invalid env at construction', () => {
    expect(() => createLocalManifestStore({ rootDir, env: '../prod' })).toThrow(TypeError);
  });

  describe('a damaged manifest.json', () => {
    it('that is not JSON fails get with InternalError naming the file', async () => {
      // Prepare
      await store.create(sampleManifest({ env: 'dev', ...ref }));
      await writeFile(manifestPath, '{"schemaVersion": 1, "jobId": ');

      // Act
      const read = store.get(ref);

      // Assess
      await expect(read).rejects.toBeInstanceOf(InternalError);
      await expect(read).rejects.toThrow(manifestPath);
      await expect(read).rejects.toMatchObject({
        retryable: false,
        details: { source: manifestPath, fieldPath: '(document)' },
      });
    });

    it('that fails the schema names the file and the field path', async () => {
      // Prepare
      const created = await store.create(sampleManifest({ env: 'dev', ...ref }));
      const started = startStepAttempt(created, { step: 'audio-extraction', now: new Date() });
      const damaged = structuredClone(started) as unknown as {
        steps: Record<string, { attempts: Array<{ status: string }> }>;
      };
      damaged.steps['audio-extraction']!.attempts[0]!.status = 'done';
      await writeFile(manifestPath, JSON.stringify(damaged));

      // Act
      const read = store.get(ref);

      // Assess
      await expect(read).rejects.toThrow(
        `Manifest ${manifestPath} is damaged at steps.audio-extraction.attempts[0].status`,
      );
      await expect(read).rejects.toMatchObject({
        details: { fieldPath: 'steps.audio-extraction.attempts[0].status' },
      });
    });

    it('is never overwritten: put, create and updateManifest fail and leave its bytes alone', async () => {
      // Prepare
      const created = await store.create(sampleManifest({ env: 'dev', ...ref }));
      const damagedText = JSON.stringify({ ...created, version: 'two' });
      await writeFile(manifestPath, damagedText);

      // Act
      const put = store.put({ ...created, status: 'queued' }, { expectedVersion: 1 });
      await expect(put).rejects.toMatchObject({
        name: 'InternalError',
        details: { fieldPath: 'version' },
      });
      await expect(store.create(created)).rejects.toBeInstanceOf(ConflictError);
      const update = updateManifest(store, ref, (draft) => {
        draft.status = 'failed';
      });
      await expect(update).rejects.toBeInstanceOf(InternalError);

      // Assess
      expect(await readFile(manifestPath, 'utf8')).toBe(damagedText);
    });

    it('fails a listing of its tenant, naming the file', async () => {
      await store.create(sampleManifest({ env: 'dev', ...ref }));
      await writeFile(manifestPath, '[]');
      await expect(store.listJobs({ tenantId: 'acme' })).rejects.toThrow(manifestPath);
    });
  });

  it('skips tenant folders that hold no manifest (e.g. audio_clips)', async () => {
    // Prepare
    await store.create(sampleManifest({ env: 'dev', ...ref }));
    await mkdir(join(rootDir, 'dev', 'acme', 'audio_clips', 'ep-1'), { recursive: true });
    await writeFile(join(rootDir, 'dev', 'acme', 'notes.txt'), 'not a job');

    // Act
    const page = await store.listJobs({ tenantId: 'acme' });

    // Assess
    expect(page.jobs.map((job) => job.jobId)).toEqual(['ep-42']);
  });

  describe('across processes', () => {
    const children: ChildProcess[] = [];

    afterEach(() => {
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
    });

    function startWorker(task: WorkerTask): {
      child: ChildProcess;
      ready: Promise<number>;
      exited: Promise<{ exitCode: number | null; updated?: number }>;
    } {
      const child = fork(join(libRoot, 'tests/support/update-worker.ts'), [JSON.stringify(task)], {
        cwd: libRoot,
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      let updated: number | undefined;
      const ready = new Promise<number>((resolveReady, reject) => {
        child.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') resolveReady(message.pid);
          if (message.type === 'done') updated = message.updated;
        });
        child.once('exit', (exitCode) => reject(new Error(`worker exited with ${exitCode}`)));
      });
      const exited = new Promise<{ exitCode: number | null; updated?: number }>((resolveExit) =>
        child.once('exit', (exitCode) => resolveExit({ exitCode, updated })),
      );
      return { child, ready, exited };
    }

    it('loses no update when several processes and this one write concurrently', async () => {
      // Prepare
      await store.create(sampleManifest({ env: 'dev', ...ref }));
      const baseMs = Date.UTC(2025, 0, 3);
      const workerCount = 4;
      const writersPerProcess = 12;
      const workers = Array.from({ length: workerCount }, (_, worker) =>
        startWorker({
          rootDir,
          env: 'dev',
          ...ref,
          baseMs,
          writerIds: Array.from(
            { length: writersPerProcess },
            (_, i) => worker * writersPerProcess + i,
          ),
        }),
      );
      const workerPids = await Promise.all(workers.map((worker) => worker.ready));
      const policy = createRetryPolicy({ maxAttempts: 100, baseDelayMs: 5, maxDelayMs: 250 });
      const ownWriterIds = Array.from(
        { length: writersPerProcess },
        (_, i) => workerCount * writersPerProcess + i,
      );

      // Act
      for (const worker of workers) worker.child.send('go');
      const [workerResults] = await Promise.all([
        Promise.all(workers.map((worker) => worker.exited)),
        ...ownWriterIds.map((writerId) =>
          updateManifest(
            store,
            ref,
            (draft) =>
              startStepAttempt(draft, { step: 'stress', now: new Date(baseMs + writerId * 1000) }),
            { policy },
          ),
        ),
      ]);

      // Assess
      const total = (workerCount + 1) * writersPerProcess;
      expect(new Set([...workerPids, process.pid]).size).toBe(workerCount + 1);
      expect(workerResults).toEqual(
        Array(workerCount).fill({ exitCode: 0, updated: writersPerProcess }),
      );
      const final = await store.get(ref);
      expect(final?.version).toBe(total + 1);
      const attempts = final?.steps.stress?.attempts ?? [];
      expect(attempts.map((attempt) => attempt.attempt)).toEqual(
        Array.from({ length: total }, (_, index) => index + 1),
      );
      const writerOrder = attempts.map(
        (attempt) => (Date.parse(attempt.startedAt) - baseMs) / 1000,
      );
      expect(new Set(writerOrder).size).toBe(total);
      // The processes really ran at the same time: their writes interleave instead of coming in
      // one block per process.
      const processOrder = writerOrder.map((writerId) => Math.floor(writerId / writersPerProcess));
      const processSwitches = processOrder.filter(
        (owner, i) => i > 0 && owner !== processOrder[i - 1],
      );
      expect(processSwitches.length).toBeGreaterThan(workerCount);
      expect(await readdir(join(rootDir, 'dev', 'acme', 'ep-42'))).toEqual(['manifest.json']);
    });
  });

  describe('the run lease', () => {
    const leasePath = () => join(rootDir, 'dev', 'acme', 'ep-42', 'run-lease.json');
    const hourMs = 60 * 60 * 1000;

    it('lives in run-lease.json beside manifest.json with the holder process, and leaves no lock behind', async () => {
      // Prepare
      await store.create(sampleManifest({ env: 'dev', ...ref }));

      // Act
      const lease = await store.acquireRunLease(ref, { runId: 'run-a', ttlMs: hourMs });

      // Assess
      const stored = JSON.parse(await readFile(leasePath(), 'utf8'));
      expect(stored).toMatchObject({ ...lease, pid: process.pid, hostname: expect.any(String) });
      expect((await readdir(join(rootDir, 'dev', 'acme', 'ep-42'))).sort()).toEqual([
        'manifest.json',
        'run-lease.json',
      ]);
      expect(await store.get(ref)).toMatchObject({ version: 1 });
    });

    it('is taken over at once when the process that holds it on this host has exited', async () => {
      // Prepare: a lease held by a process that has already exited.
      await store.acquireRunLease(ref, { runId: 'run-crashed', ttlMs: hourMs });
      const { pid: deadPid } = spawnSync(process.execPath, ['-e', '']);
      const stored = JSON.parse(await readFile(leasePath(), 'utf8'));
      await writeFile(leasePath(), JSON.stringify({ ...stored, pid: deadPid }));

      // Act
      const lease = await store.acquireRunLease(ref, { runId: 'run-next', ttlMs: hourMs });

      // Assess
      expect(lease.runId).toBe('run-next');
      expect((await store.getRunLease(ref))?.runId).toBe('run-next');
    });

    it('leaves no job folder behind when released for a job that was never created', async () => {
      await store.acquireRunLease(ref, { runId: 'run-a', ttlMs: hourMs });
      await store.releaseRunLease(ref, { runId: 'run-a' });
      expect(await readdir(join(rootDir, 'dev', 'acme'))).toEqual([]);
    });

    it('is not taken over while its holder process is alive', async () => {
      // Prepare
      await store.acquireRunLease(ref, { runId: 'run-live', ttlMs: hourMs });

      // Act
      const second = store.acquireRunLease(ref, { runId: 'run-next', ttlMs: hourMs });

      // Assess
      await expect(second).rejects.toBeInstanceOf(ConflictError);
      await expect(second).rejects.toThrow(
        /Job ep-42 of tenant acme is running \(run run-live, since /,
      );
    });
  });
});
