import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig, type ReelConfig } from '@reel/config';
import { ConflictError } from '@reel/error-taxonomy';
import {
  createJobManifest,
  createManifestStoreFromConfig,
  updateManifest,
  type ManifestStore,
} from '@reel/manifest';
import {
  buildClipKey,
  buildJobKey,
  buildUploadKey,
  createStorageFromConfig,
  createUploadStorageFromConfig,
  type MediaStorage,
} from '@reel/storage';
import {
  buildExecutionName,
  createLocalWorkflowStarter,
  type ProcessingExecutionInput,
} from '@reel/workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelVideo } from './cancel-video';
import { deleteVideo } from './delete-video';
import { processVideo, type ProcessVideoDependencies } from './process-video';

/**
 * The local workflow endpoint's protocol on a real socket (what `reel serve` answers): records
 * every start, and answers a stop of a started name. Its runs never end by themselves.
 */
async function startWorkflowEndpoint() {
  const started: Array<{ executionName: string; input: ProcessingExecutionInput }> = [];
  const stopped: string[] = [];
  let failStarts = false;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failStarts) {
        response.writeHead(503).end();
        return;
      }
      if (request.method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as (typeof started)[number];
        const again = started.some(({ executionName }) => executionName === body.executionName);
        if (!again) started.push(body);
        response.writeHead(again ? 200 : 201).end('{}');
        return;
      }
      const name = decodeURIComponent(String(request.url).split('/').at(-1) ?? '');
      const known = started.some(({ executionName }) => executionName === name);
      if (known) stopped.push(name);
      response.writeHead(known ? 200 : 404).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_reel/workflow/executions`;
  return {
    url,
    started,
    stopped,
    failStarts: () => (failStarts = true),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('Function: processVideo (local backend)', () => {
  let rootDir: string;
  let config: ReelConfig;
  let storage: MediaStorage;
  let uploads: MediaStorage;
  let manifests: ManifestStore;
  let workflow: Awaited<ReturnType<typeof startWorkflowEndpoint>>;
  let dependencies: ProcessVideoDependencies;
  const tenantId = 'acme';
  const fileBytes = Buffer.from('not really a video, but bytes with a known hash');

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'video-api-process-'));
    workflow = await startWorkflowEndpoint();
    config = loadConfig({
      MEDIA_STORAGE_PATH: join(rootDir, 'media'),
      REEL_UPLOAD_PATH: join(rootDir, 'uploads'),
      REEL_LOCAL_WORKFLOW_URL: workflow.url,
    });
    storage = createStorageFromConfig(config);
    uploads = createUploadStorageFromConfig(config);
    manifests = createManifestStoreFromConfig(config);
    dependencies = {
      config,
      storage,
      uploads,
      manifests,
      starter: createLocalWorkflowStarter({ url: workflow.url }),
    };
  });
  afterEach(async () => {
    await workflow.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  /** A video created for upload (as POST /videos makes it), its file uploaded when `uploaded`. */
  async function createVideo(videoId: string, { uploaded }: { uploaded: boolean }) {
    const now = new Date();
    const key = buildUploadKey({ env: 'dev', tenantId, videoId, fileName: 'talk.mp4' });
    await manifests.create(
      createJobManifest({
        env: 'dev',
        tenantId,
        jobId: videoId,
        correlationId: 'c-1',
        title: 'A talk',
        upload: {
          key,
          fileName: 'talk.mp4',
          declaredBytes: fileBytes.length,
          expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
          createdAt: now.toISOString(),
        },
        now,
      }),
    );
    if (uploaded) await uploads.putStream({ key, body: Readable.from([fileBytes]) });
  }

  it('queues an uploaded video: input copied with its SHA-256, lease and run under the execution name, workflow started', async () => {
    // Prepare
    await createVideo('v-one', { uploaded: true });
    const executionName = buildExecutionName({ tenantId, jobId: 'v-one', runNumber: 1 });

    // Act
    const video = await processVideo({ tenantId, videoId: 'v-one', body: {}, dependencies });

    // Assess
    expect(video.status).toBe('queued');
    const manifest = await manifests.get({ tenantId, jobId: 'v-one' });
    const sha256 = createHash('sha256').update(fileBytes).digest('hex');
    expect(manifest?.input).toMatchObject({
      bytes: fileBytes.length,
      sha256,
      fileName: 'talk.mp4',
    });
    expect(manifest?.input?.key).toBe(`dev/acme/v-one/input/source-${sha256.slice(0, 16)}.mp4`);
    const copied = await readFile(join(rootDir, 'media', String(manifest?.input?.key)));
    expect(copied.equals(fileBytes)).toBe(true);
    expect(manifest?.run).toMatchObject({ runId: executionName, number: 1 });
    expect((await manifests.getRunLease({ tenantId, jobId: 'v-one' }))?.runId).toBe(executionName);
    expect(workflow.started).toEqual([
      {
        executionName,
        input: {
          job: expect.objectContaining({
            env: 'dev',
            tenantId,
            jobId: 'v-one',
            runId: executionName,
          }),
          options: {},
          resumeFrom: 'validate',
        },
      },
    ]);
  });

  it('gives exactly one of 10 concurrent requests the run; the others are 409 naming the status', async () => {
    // Prepare
    await createVideo('v-race', { uploaded: true });

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        processVideo({ tenantId, videoId: 'v-race', body: {}, dependencies }),
      ),
    );

    // Assess
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const refused = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    expect(fulfilled).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const error of refused) {
      expect(error).toBeInstanceOf(ConflictError);
      expect(String(error.message)).toMatch(/^Video v-race is (queued|processing)$/);
    }
    expect(workflow.started).toHaveLength(1);
    expect((await manifests.get({ tenantId, jobId: 'v-race' }))?.run?.number).toBe(1);
  });

  it('refuses a video whose file has not arrived, starting nothing', async () => {
    // Prepare
    await createVideo('v-wait', { uploaded: false });

    // Act / Assess
    await expect(
      processVideo({ tenantId, videoId: 'v-wait', body: {}, dependencies }),
    ).rejects.toThrow('Video v-wait is awaiting_upload');
    expect(workflow.started).toEqual([]);
    expect(await manifests.getRunLease({ tenantId, jobId: 'v-wait' })).toBeUndefined();
  });

  it('resumes a failed video at its failed step with the next run number', async () => {
    // Prepare: run 1 got past validation and failed in audio extraction
    await createVideo('v-resume', { uploaded: true });
    await processVideo({ tenantId, videoId: 'v-resume', body: {}, dependencies });
    const ref = { tenantId, jobId: 'v-resume' };
    const firstRun = buildExecutionName({ ...ref, runNumber: 1 });
    await updateManifest(manifests, ref, (draft) => {
      draft.status = 'failed';
      draft.steps['validate'] = { status: 'succeeded', attempts: [], outputs: [] };
      draft.steps['audio-extraction'] = { status: 'failed', attempts: [], outputs: [] };
    });
    await manifests.releaseRunLease(ref, { runId: firstRun });

    // Act
    const video = await processVideo({
      tenantId,
      videoId: 'v-resume',
      body: { options: { segmentDurationSec: 30 } },
      dependencies,
    });

    // Assess
    const secondRun = buildExecutionName({ ...ref, runNumber: 2 });
    expect(video.status).toBe('queued');
    expect(workflow.started.at(-1)).toMatchObject({
      executionName: secondRun,
      input: { resumeFrom: 'audio-extraction', options: { segmentDurationSec: 30 } },
    });
  });

  it('fails the video and releases the lease when the workflow cannot start', async () => {
    // Prepare
    await createVideo('v-nostart', { uploaded: true });
    workflow.failStarts();

    // Act / Assess
    await expect(
      processVideo({ tenantId, videoId: 'v-nostart', body: {}, dependencies }),
    ).rejects.toThrow();
    const manifest = await manifests.get({ tenantId, jobId: 'v-nostart' });
    expect(manifest?.status).toBe('failed');
    expect(manifest?.error?.code).toBe('TRANSIENT');
    expect(await manifests.getRunLease({ tenantId, jobId: 'v-nostart' })).toBeUndefined();
  });

  it("is not found for another tenant's video", async () => {
    await createVideo('v-theirs', { uploaded: true });
    await expect(
      processVideo({ tenantId: 'globex', videoId: 'v-theirs', body: {}, dependencies }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(workflow.started).toEqual([]);
  });

  describe('Function: cancelVideo', () => {
    it('stops the run, fails the video with CANCELLED and releases the lease', async () => {
      // Prepare
      await createVideo('v-cancel', { uploaded: true });
      await processVideo({ tenantId, videoId: 'v-cancel', body: {}, dependencies });
      const executionName = buildExecutionName({ tenantId, jobId: 'v-cancel', runNumber: 1 });

      // Act
      const video = await cancelVideo({ tenantId, videoId: 'v-cancel', dependencies });

      // Assess
      expect(workflow.stopped).toEqual([executionName]);
      expect(video.status).toBe('failed');
      const manifest = await manifests.get({ tenantId, jobId: 'v-cancel' });
      expect(manifest?.error).toMatchObject({ code: 'CANCELLED', retryable: false });
      expect(await manifests.getRunLease({ tenantId, jobId: 'v-cancel' })).toBeUndefined();
    });

    it('is 409 naming the status for a video with no run', async () => {
      await createVideo('v-idle', { uploaded: true });
      await expect(cancelVideo({ tenantId, videoId: 'v-idle', dependencies })).rejects.toThrow(
        'Video v-idle is uploaded: no run to cancel',
      );
      expect(workflow.stopped).toEqual([]);
    });
  });
  describe('Function: deleteVideo', () => {
    it('removes the input, outputs, clips, upload and manifest of a finished video', async () => {
      // Prepare
      await createVideo('v-del', { uploaded: true });
      await processVideo({ tenantId, videoId: 'v-del', body: {}, dependencies });
      const ref = { tenantId, jobId: 'v-del' };
      const outputKey = buildJobKey({ env: 'dev', ...ref, kind: 'audio', name: 'audio.mp3' });
      const clipKey = buildClipKey({
        env: 'dev',
        tenantId,
        episodeId: 'v-del',
        startMs: 0,
        endMs: 1000,
      });
      const otherClipKey = buildClipKey({
        env: 'dev',
        tenantId,
        episodeId: 'v-other',
        startMs: 0,
        endMs: 1000,
      });
      for (const key of [outputKey, clipKey, otherClipKey]) {
        await storage.putStream({ key, body: Readable.from([Buffer.from('x')]) });
      }
      await updateManifest(manifests, ref, (draft) => {
        draft.status = 'completed';
      });
      const manifest = await manifests.get(ref);

      // Act
      await deleteVideo({ tenantId, videoId: 'v-del', cancel: false, dependencies });

      // Assess
      expect(await manifests.get(ref)).toBeUndefined();
      expect(await storage.list({ prefix: 'dev/acme/v-del/' })).toEqual([]);
      expect(await storage.exists({ key: clipKey })).toBe(false);
      expect(await storage.exists({ key: otherClipKey })).toBe(true);
      expect(await uploads.exists({ key: String(manifest?.upload?.key) })).toBe(false);
    });

    it('refuses a running video with 409 unless cancel is asked, which stops the run first', async () => {
      // Prepare
      await createVideo('v-busy', { uploaded: true });
      await processVideo({ tenantId, videoId: 'v-busy', body: {}, dependencies });
      const ref = { tenantId, jobId: 'v-busy' };

      // Act
      const refused = deleteVideo({ tenantId, videoId: 'v-busy', cancel: false, dependencies });
      await expect(refused).rejects.toThrow('Video v-busy is queued');
      expect(await manifests.get(ref)).toBeDefined();
      await deleteVideo({ tenantId, videoId: 'v-busy', cancel: true, dependencies });

      // Assess
      expect(workflow.stopped).toEqual([buildExecutionName({ ...ref, runNumber: 1 })]);
      expect(await manifests.get(ref)).toBeUndefined();
      expect(await manifests.getRunLease(ref)).toBeUndefined();
    });
  });
});
