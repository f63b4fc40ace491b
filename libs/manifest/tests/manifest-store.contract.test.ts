import { ConflictError, InputMissingError, InvalidRequestError } from '@reel/error-taxonomy';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createRetryPolicy } from '@reel/retry-policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../src/job-manifest-schema';
import type { ManifestStore } from '../src/manifest-store';
import { createJobManifest } from '../src/create-job-manifest';
import { requireJobInput } from '../src/require-job-input';
import { startRun } from '../src/start-run';
import { startStepAttempt } from '../src/step-bookkeeping';
import { updateManifest } from '../src/update-manifest';
import { SAMPLE_SHA256, sampleManifest } from './support/sample-manifest';
import { storeHarnesses, type StoreHarness } from './support/store-harnesses';

describe.each(storeHarnesses)('Contract: ManifestStore on $backend', ({ setup }) => {
  let harness: StoreHarness;
  let store: ManifestStore;
  let tenantCounter = 0;
  // Each test gets its own tenant, so listings never see another test's jobs.
  const nextTenantId = () => `tenant-${++tenantCounter}`;

  beforeAll(async () => {
    harness = await setup();
    store = harness.createStore();
  });

  afterAll(async () => {
    await harness.teardown();
  });

  describe('create and get', () => {
    it('returns what create wrote, at version 1', async () => {
      // Prepare
      const manifest = sampleManifest({ tenantId: nextTenantId(), jobId: 'job-1' });

      // Act
      const created = await store.create(manifest);
      const read = await store.get({ tenantId: manifest.tenantId, jobId: 'job-1' });

      // Assess
      expect(created).toEqual(manifest);
      expect(read).toEqual(manifest);
      expect(read?.version).toBe(1);
      expect(read?.input?.probe?.streams).toHaveLength(2);
    });

    it('returns undefined for a job that does not exist', async () => {
      expect(await store.get({ tenantId: nextTenantId(), jobId: 'nope' })).toBeUndefined();
    });

    it('refuses to create a job twice with ConflictError and keeps the first', async () => {
      // Prepare
      const tenantId = nextTenantId();
      const first = sampleManifest({ tenantId, jobId: 'job-1' });
      await store.create(first);

      // Act
      const second = store.create({ ...first, correlationId: 'someone-else' });

      // Assess
      await expect(second).rejects.toBeInstanceOf(ConflictError);
      expect((await store.get({ tenantId, jobId: 'job-1' }))?.correlationId).toBe('corr-job-1');
    });

    it('refuses a new manifest that is not at version 1', async () => {
      const manifest = {
        ...sampleManifest({ tenantId: nextTenantId(), jobId: 'job-1' }),
        version: 4,
      };
      await expect(store.create(manifest)).rejects.toBeInstanceOf(InvalidRequestError);
    });

    it('refuses a manifest of another env', async () => {
      const manifest = sampleManifest({ env: 'prod', tenantId: nextTenantId(), jobId: 'job-1' });
      await expect(store.create(manifest)).rejects.toThrow(/env "prod"/);
    });

    it.each([
      ['a tenant id with a path separator', { tenantId: '../etc', jobId: 'job-1' }],
      ['a job id with upper case', { tenantId: 'acme', jobId: 'Job-1' }],
      ['an empty job id', { tenantId: 'acme', jobId: '' }],
    ])('rejects %s with InvalidRequestError', async (_case, ref) => {
      await expect(store.get(ref)).rejects.toBeInstanceOf(InvalidRequestError);
    });

    it('rejects a listing for an invalid tenant id', async () => {
      await expect(store.listJobs({ tenantId: 'acme/../other' })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
    });
  });

  describe('a stored v1 manifest', () => {
    it('is read, listed and written as the current schemaVersion', async () => {
      // Prepare
      const v1 = JSON.parse(
        await readFile(resolve(import.meta.dirname, 'fixtures/manifest-v1.json'), 'utf8'),
      );
      const tenantId = nextTenantId();
      await harness.storeRaw({ ...v1, tenantId });
      const ref = { tenantId, jobId: v1.jobId };

      // Act
      const read = await store.get(ref);
      const listed = await store.listJobs({ tenantId });
      const written =
        read && (await store.put({ ...read, status: 'queued' }, { expectedVersion: 7 }));

      // Assess
      expect(read).toMatchObject({
        schemaVersion: 3,
        version: 7,
        input: { fileName: 'source.mp4' },
      });
      expect(listed.jobs).toEqual([read]);
      expect(written).toMatchObject({ schemaVersion: 3, version: 8 });
      expect(await store.get(ref)).toEqual(written);
    });
  });

  describe('a stored v2 manifest', () => {
    it('is read and listed as v3 with its run kept, and its next run is number 1', async () => {
      // Prepare
      const v2 = JSON.parse(
        await readFile(resolve(import.meta.dirname, 'fixtures/manifest-v2.json'), 'utf8'),
      );
      const tenantId = nextTenantId();
      await harness.storeRaw({ ...v2, tenantId });
      const ref = { tenantId, jobId: v2.jobId };

      // Act
      const read = await store.get(ref);
      const listed = await store.listJobs({ tenantId, status: 'failed' });
      const restarted = await updateManifest(store, ref, (draft) =>
        startRun(draft, { runId: 'run-next', now: new Date('2025-06-02T00:00:00.000Z') }),
      );

      // Assess
      expect(read).toEqual({ ...v2, tenantId, schemaVersion: 3 });
      expect(listed.jobs).toEqual([read]);
      expect(restarted).toMatchObject({
        schemaVersion: 3,
        version: 8,
        status: 'queued',
        run: { runId: 'run-next', number: 1 },
      });
    });
  });

  describe('a job awaiting its upload', () => {
    const upload = (tenantId: string, jobId: string) => ({
      key: `test/${tenantId}/${jobId}/talk.mp4`,
      fileName: 'talk.mp4',
      declaredBytes: 1_000_000,
      expiresAt: '2025-01-01T01:00:00.000Z',
      createdAt: '2025-01-01T00:00:00.000Z',
    });

    it('is stored without input, listed under awaiting_upload, and moves to uploaded once it has one', async () => {
      // Prepare
      const tenantId = nextTenantId();
      const jobIds = ['v000000000001', 'v000000000002', 'v000000000003'];
      for (const [index, jobId] of jobIds.entries()) {
        await store.create(
          createJobManifest({
            env: 'test',
            tenantId,
            jobId,
            correlationId: `corr-${jobId}`,
            title: `Video ${index}`,
            upload: upload(tenantId, jobId),
            now: new Date(Date.UTC(2025, 0, 1, 0, index)),
          }),
        );
      }
      await store.create(sampleManifest({ tenantId, jobId: 'job-uploaded' }));

      // Act
      const first = await store.get({ tenantId, jobId: 'v000000000001' });
      const awaitingBefore = await store.listJobs({
        tenantId,
        status: 'awaiting_upload',
        limit: 2,
      });
      const awaitingRest = await store.listJobs({
        tenantId,
        status: 'awaiting_upload',
        limit: 2,
        cursor: awaitingBefore.nextCursor,
      });
      await updateManifest(store, { tenantId, jobId: 'v000000000002' }, (draft) => {
        draft.status = 'uploaded';
        draft.input = {
          key: `test/${tenantId}/v000000000002/input/talk.mp4`,
          bytes: 1_000_000,
          sha256: SAMPLE_SHA256,
          fileName: 'talk.mp4',
        };
        delete draft.upload;
      });
      const awaitingAfter = await store.listJobs({ tenantId, status: 'awaiting_upload' });
      const uploaded = await store.listJobs({ tenantId, status: 'uploaded' });

      // Assess
      expect(first).toMatchObject({ status: 'awaiting_upload', title: 'Video 0' });
      expect(first).not.toHaveProperty('input');
      expect(first?.upload).toEqual(upload(tenantId, 'v000000000001'));
      expect(awaitingBefore.jobs.map((job) => job.jobId)).toEqual([
        'v000000000003',
        'v000000000002',
      ]);
      expect(awaitingRest.jobs.map((job) => job.jobId)).toEqual(['v000000000001']);
      expect(awaitingRest.nextCursor).toBeUndefined();
      expect(awaitingAfter.jobs.map((job) => job.jobId)).toEqual([
        'v000000000003',
        'v000000000001',
      ]);
      expect(uploaded.jobs.map((job) => job.jobId).sort()).toEqual([
        'job-uploaded',
        'v000000000002',
      ]);
      expect(uploaded.jobs.find((job) => job.jobId === 'v000000000002')).not.toHaveProperty(
        'upload',
      );
    });
  });

  describe('put', () => {
    it('writes version expectedVersion + 1 with a fresh updatedAt', async () => {
      // Prepare
      const clockStore = harness.createStore({ now: () => new Date('2025-02-01T10:00:00.000Z') });
      const created = await clockStore.create(
        sampleManifest({ tenantId: nextTenantId(), jobId: 'job-1' }),
      );

      // Act
      const written = await clockStore.put(
        { ...created, status: 'queued' },
        { expectedVersion: 1 },
      );
      const read = await clockStore.get(created);

      // Assess
      expect(written.version).toBe(2);
      expect(written.updatedAt).toBe('2025-02-01T10:00:00.000Z');
      expect(read).toEqual(written);
      expect(read?.status).toBe('queued');
      expect(read?.createdAt).toBe(created.createdAt);
    });

    it('fails a stale write with ConflictError naming both versions, and keeps the newer one', async () => {
      // Prepare
      const created = await store.create(
        sampleManifest({ tenantId: nextTenantId(), jobId: 'job-1' }),
      );
      await store.put({ ...created, status: 'queued' }, { expectedVersion: 1 });

      // Act
      const stale = store.put({ ...created, status: 'failed' }, { expectedVersion: 1 });

      // Assess
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({
        retryable: true,
        details: { expectedVersion: 1, actualVersion: 2 },
      });
      const read = await store.get(created);
      expect(read).toMatchObject({ version: 2, status: 'queued' });
    });

    it('fails a write to a job that does not exist with InputMissingError', async () => {
      const manifest = sampleManifest({ tenantId: nextTenantId(), jobId: 'ghost' });
      await expect(store.put(manifest, { expectedVersion: 1 })).rejects.toBeInstanceOf(
        InputMissingError,
      );
      expect(await store.get(manifest)).toBeUndefined();
    });

    it('rejects an invalid manifest naming the field, and writes nothing', async () => {
      // Prepare
      const created = await store.create(
        sampleManifest({ tenantId: nextTenantId(), jobId: 'job-1' }),
      );
      const invalid = { ...created, input: { ...requireJobInput(created), bytes: -1 } };

      // Act
      const write = store.put(invalid, { expectedVersion: 1 });

      // Assess
      await expect(write).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(write).rejects.toMatchObject({ details: { fieldPath: 'input.bytes' } });
      expect((await store.get(created))?.version).toBe(1);
    });
  });

  describe('delete', () => {
    it('removes the job at its stored version: gone from get and from listings', async () => {
      // Prepare
      const tenantId = nextTenantId();
      const created = await store.create(sampleManifest({ tenantId, jobId: 'job-gone' }));
      await store.create(sampleManifest({ tenantId, jobId: 'job-kept' }));

      // Act
      await store.delete({ tenantId, jobId: 'job-gone' }, { expectedVersion: created.version });

      // Assess
      expect(await store.get({ tenantId, jobId: 'job-gone' })).toBeUndefined();
      const { jobs } = await store.listJobs({ tenantId });
      expect(jobs.map(({ jobId }) => jobId)).toEqual(['job-kept']);
    });

    it('refuses a stale version with ConflictError and keeps the job; a missing job is no error', async () => {
      // Prepare
      const tenantId = nextTenantId();
      const created = await store.create(sampleManifest({ tenantId, jobId: 'job-1' }));
      await store.put({ ...created, status: 'queued' }, { expectedVersion: 1 });

      // Act
      const stale = store.delete({ tenantId, jobId: 'job-1' }, { expectedVersion: 1 });
      const missing = store.delete({ tenantId, jobId: 'never' }, { expectedVersion: 1 });

      // Assess
      await expect(stale).rejects.toThrow(ConflictError);
      await expect(missing).resolves.toBeUndefined();
      expect((await store.get({ tenantId, jobId: 'job-1' }))?.version).toBe(2);
    });
  });

  describe('listJobs', () => {
    const statuses: JobStatus[] = ['uploaded', 'processing', 'completed', 'processing', 'failed'];

    async function createJobs(tenantId: string): Promise<void> {
      // job-0 is the oldest; each next job is a minute younger.
      for (const [index, status] of statuses.entries()) {
        const createdAt = new Date(Date.UTC(2025, 0, 1, 12, index));
        await store.create(sampleManifest({ tenantId, jobId: `job-${index}`, createdAt, status }));
      }
    }

    it('lists a tenant’s jobs newest first', async () => {
      // Prepare
      const tenantId = nextTenantId();
      await createJobs(tenantId);
      await createJobs(nextTenantId());

      // Act
      const page = await store.listJobs({ tenantId });

      // Assess
      expect(page.jobs.map((job) => job.jobId)).toEqual([
        'job-4',
        'job-3',
        'job-2',
        'job-1',
        'job-0',
      ]);
      expect(page.jobs.every((job) => job.tenantId === tenantId)).toBe(true);
      expect(page.nextCursor).toBeUndefined();
    });

    it('filters by status, following status changes', async () => {
      // Prepare
      const tenantId = nextTenantId();
      await createJobs(tenantId);
      await updateManifest(store, { tenantId, jobId: 'job-0' }, (draft) => {
        draft.status = 'processing';
      });

      // Act
      const processing = await store.listJobs({ tenantId, status: 'processing' });
      const uploaded = await store.listJobs({ tenantId, status: 'uploaded' });
      const queued = await store.listJobs({ tenantId, status: 'queued' });

      // Assess
      expect(processing.jobs.map((job) => job.jobId)).toEqual(['job-3', 'job-1', 'job-0']);
      expect(uploaded.jobs).toEqual([]);
      expect(queued).toEqual({ jobs: [] });
    });

    it('pages through all jobs with an opaque cursor, no job twice and no empty last page', async () => {
      // Prepare
      const tenantId = nextTenantId();
      await createJobs(tenantId);

      // Act
      const first = await store.listJobs({ tenantId, limit: 2 });
      const second = await store.listJobs({ tenantId, limit: 2, cursor: first.nextCursor });
      const third = await store.listJobs({ tenantId, limit: 2, cursor: second.nextCursor });

      // Assess
      expect(first.jobs.map((job) => job.jobId)).toEqual(['job-4', 'job-3']);
      expect(second.jobs.map((job) => job.jobId)).toEqual(['job-2', 'job-1']);
      expect(third.jobs.map((job) => job.jobId)).toEqual(['job-0']);
      expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(third.nextCursor).toBeUndefined();
    });

    it('pages within one status', async () => {
      // Prepare
      const tenantId = nextTenantId();
      await createJobs(tenantId);

      // Act
      const first = await store.listJobs({ tenantId, status: 'processing', limit: 1 });
      const second = await store.listJobs({
        tenantId,
        status: 'processing',
        limit: 1,
        cursor: first.nextCursor,
      });

      // Assess
      expect(first.jobs.map((job) => job.jobId)).toEqual(['job-3']);
      expect(second.jobs.map((job) => job.jobId)).toEqual(['job-1']);
      expect(second.nextCursor).toBeUndefined();
    });

    it.each([
      ['a limit of 0', { limit: 0 }],
      ['a fractional limit', { limit: 2.5 }],
      ['a limit above 1000', { limit: 1001 }],
      ['a cursor that is not one', { cursor: 'not-a-cursor' }],
      ['an unknown status', { status: 'done' as JobStatus }],
    ])('rejects %s with InvalidRequestError', async (_case, options) => {
      await expect(store.listJobs({ tenantId: nextTenantId(), ...options })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
    });
  });

  describe('run lease', () => {
    const at = (iso: string) => new Date(iso);
    const hourMs = 60 * 60 * 1000;

    it('lets exactly one of 20 concurrent acquirers win; the others get ConflictError naming the winner', async () => {
      // Prepare
      const ref = { tenantId: nextTenantId(), jobId: 'job-1' };
      await store.create(sampleManifest(ref));

      // Act
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          store.acquireRunLease(ref, { runId: `run-${index}`, ttlMs: hourMs }),
        ),
      );

      // Assess
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.value;
      expect(await store.getRunLease(ref)).toEqual(winner);
      for (const loser of losers) {
        expect(loser.reason).toBeInstanceOf(ConflictError);
        expect(loser.reason).toMatchObject({
          message: expect.stringMatching(
            new RegExp(`is running \\(run ${winner?.runId}, since ${winner?.acquiredAt}\\)`),
          ),
          details: { runId: winner?.runId },
        });
      }
    });

    it('keeps the lease apart from the manifest: step writes never conflict with it', async () => {
      // Prepare
      const ref = { tenantId: nextTenantId(), jobId: 'job-1' };
      await store.create(sampleManifest(ref));
      await store.acquireRunLease(ref, { runId: 'run-a', ttlMs: hourMs });

      // Act
      const written = await updateManifest(store, ref, (draft) =>
        startStepAttempt(draft, { step: 'validate', now: new Date() }),
      );

      // Assess
      expect(written.version).toBe(2);
      expect((await store.get(ref))?.version).toBe(2);
      expect((await store.getRunLease(ref))?.runId).toBe('run-a');
      expect(await store.listJobs({ tenantId: ref.tenantId })).toMatchObject({
        jobs: [{ jobId: 'job-1' }],
      });
    });

    it('gives the same run its lease back unchanged', async () => {
      // Prepare
      const ref = { tenantId: nextTenantId(), jobId: 'job-1' };
      const first = await store.acquireRunLease(ref, {
        runId: 'run-a',
        ttlMs: hourMs,
        now: at('2025-03-01T10:00:00.000Z'),
      });

      // Act
      const again = await store.acquireRunLease(ref, {
        runId: 'run-a',
        ttlMs: hourMs,
        now: at('2025-03-01T10:05:00.000Z'),
      });

      // Assess
      expect(first).toEqual({
        runId: 'run-a',
        acquiredAt: '2025-03-01T10:00:00.000Z',
        expiresAt: '2025-03-01T11:00:00.000Z',
      });
      expect(again).toEqual(first);
    });

    it('refuses another run until the lease expires, then lets it take over', async () => {
      // Prepare
      const ref = { tenantId: nextTenantId(), jobId: 'job-1' };
      await store.acquireRunLease(ref, {
        runId: 'run-a',
        ttlMs: hourMs,
        now: at('2025-03-01T10:00:00.000Z'),
      });

      // Act
      const early = store.acquireRunLease(ref, {
        runId: 'run-b',
        ttlMs: hourMs,
        now: at('2025-03-01T10:59:59.999Z'),
      });
      await expect(early).rejects.toBeInstanceOf(ConflictError);
      const late = await store.acquireRunLease(ref, {
        runId: 'run-b',
        ttlMs: hourMs,
        now: at('2025-03-01T11:00:00.000Z'),
      });

      // Assess
      await expect(early).rejects.toMatchObject({
        details: { runId: 'run-a', acquiredAt: '2025-03-01T10:00:00.000Z' },
      });
      expect(late.runId).toBe('run-b');
      expect((await store.getRunLease(ref))?.runId).toBe('run-b');
    });

    it('releases only when the releasing run holds the lease', async () => {
      // Prepare
      const ref = { tenantId: nextTenantId(), jobId: 'job-1' };
      await store.create(sampleManifest(ref));
      await store.acquireRunLease(ref, { runId: 'run-a', ttlMs: hourMs });

      // Act
      await store.releaseRunLease(ref, { runId: 'run-b' });
      const afterOther = await store.getRunLease(ref);
      await store.releaseRunLease(ref, { runId: 'run-a' });
      const afterHolder = await store.getRunLease(ref);
      await store.releaseRunLease(ref, { runId: 'run-a' });
      const next = await store.acquireRunLease(ref, { runId: 'run-b', ttlMs: hourMs });

      // Assess
      expect(afterOther?.runId).toBe('run-a');
      expect(afterHolder).toBeUndefined();
      expect(next.runId).toBe('run-b');
    });

    it('answers undefined for a job no run holds, and release of it does nothing', async () => {
      const ref = { tenantId: nextTenantId(), jobId: 'never-run' };
      await store.releaseRunLease(ref, { runId: 'run-a' });
      expect(await store.getRunLease(ref)).toBeUndefined();
    });

    it.each([
      ['a run id with a slash', { runId: 'run/1', ttlMs: hourMs }],
      ['a run id longer than 80 characters', { runId: 'r'.repeat(81), ttlMs: hourMs }],
      ['a ttl of 0', { runId: 'run-a', ttlMs: 0 }],
    ])('rejects %s with InvalidRequestError', async (_case, options) => {
      const ref = { tenantId: nextTenantId(), jobId: 'job-1' };
      await expect(store.acquireRunLease(ref, options)).rejects.toBeInstanceOf(InvalidRequestError);
      expect(await store.getRunLease(ref)).toBeUndefined();
    });
  });

  describe('updateManifest', () => {
    it('loses none of 50 concurrent updates to one manifest', async () => {
      // Prepare
      const tenantId = nextTenantId();
      const ref = { tenantId, jobId: 'contended' };
      await store.create(sampleManifest(ref));
      const baseMs = Date.UTC(2025, 0, 2);
      // 50 writers on one item: each round of conflicts lets one through, so allow many short
      // rounds with jittered backoff, as a fan-out of that width would configure.
      const policy = createRetryPolicy({ maxAttempts: 100, baseDelayMs: 5, maxDelayMs: 250 });

      // Act
      await Promise.all(
        Array.from({ length: 50 }, (_, writer) =>
          updateManifest(
            store,
            ref,
            (draft) =>
              startStepAttempt(draft, { step: 'stress', now: new Date(baseMs + writer * 1000) }),
            { policy },
          ),
        ),
      );

      // Assess
      const final = await store.get(ref);
      const attempts = final?.steps.stress?.attempts ?? [];
      expect(final?.version).toBe(51);
      expect(attempts.map((attempt) => attempt.attempt)).toEqual(
        Array.from({ length: 50 }, (_, index) => index + 1),
      );
      const writersSeen = new Set(
        attempts.map((attempt) => (Date.parse(attempt.startedAt) - baseMs) / 1000),
      );
      expect(writersSeen).toEqual(new Set(Array.from({ length: 50 }, (_, writer) => writer)));
    });
  });
});
