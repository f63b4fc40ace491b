import { createHash, randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { ConflictError } from '@reel/error-taxonomy';
import {
  failRun,
  nextRunNumber,
  startRun,
  updateManifest,
  type JobInput,
  type JobManifest,
} from '@reel/manifest';
import { buildJobKey, contentTypeForKey } from '@reel/storage';
import {
  RUN_LEASE_TTL_MS,
  buildExecutionName,
  planRun,
  type ProcessingExecutionInput,
  type WorkflowStarter,
} from '@reel/workflow';
import * as z from 'zod';
import { findVideo } from './find-video';
import { markUploadArrived } from './upload-arrival';
import type { VideoApiDependencies } from './video-api-dependencies';
import { toVideoView, type VideoView } from './video-view';

export const processVideoBodySchema = z
  .object({
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Step options, e.g. { "transcode": { "rungs": [720, 480] } }; each step validates its own',
      ),
  })
  .strict()
  // `curl -X POST …/process` sends no body at all: that is no options.
  .default({});

export type ProcessVideoDependencies = Pick<
  VideoApiDependencies,
  'config' | 'storage' | 'uploads' | 'manifests'
> & { starter: WorkflowStarter };

export interface ProcessVideoOptions {
  tenantId: string;
  videoId: string;
  body: z.output<typeof processVideoBodySchema>;
  dependencies: ProcessVideoDependencies;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}

/** Statuses a run may start from: a new upload, or a failed video resumed at its failed step. */
const STARTABLE = new Set<JobManifest['status']>(['uploaded', 'failed']);

/** Hex digits of the SHA-256 in an input key, as `intakeFile` names inputs. */
const KEY_HASH_CHARS = 16;

/** Thrown inside the manifest update when another request started the run first (not retried). */
class RunAlreadyStarted extends Error {
  constructor(readonly status: JobManifest['status']) {
    super(`status ${status}`);
  }
}

/**
 * Starts processing a video (`202`, `queued`): its upload is checked in (`markUploadArrived`), the
 * run lease taken under the run's execution name (`buildExecutionName` with the next run number),
 * the run recorded (`startRun`: exactly one of concurrent requests wins this conditional write;
 * the rest answer 409 with the status it set), the upload copied server-side to the job's
 * content-addressed `input/` key (first run only; the steps verify its SHA-256), then the workflow
 * started from the first step, or from the failed step of a failed video. A video `queued` or
 * `processing` is 409 naming its status; one still `awaiting_upload` or `completed`, 409 too. A
 * failure after the run is recorded marks the video failed with it and releases the lease.
 *
 * @example
 * const video = await processVideo({ tenantId, videoId, body: {}, dependencies });
 */
export async function processVideo({
  tenantId,
  videoId,
  body,
  dependencies,
  deadlineAtMs,
  signal,
}: ProcessVideoOptions): Promise<VideoView> {
  const { manifests, starter, config } = dependencies;
  const ref = { tenantId, jobId: videoId };
  const updateOptions = {
    ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    ...(signal === undefined ? {} : { signal }),
  };
  const found = await findVideo(manifests, { tenantId, videoId });
  const current = await markUploadArrived({ manifest: found, dependencies, ...updateOptions });
  assertStartable(current);
  const plan = planRun(current);
  if (plan.action === 'skip') throw notStartable(current);
  const runNumber = nextRunNumber(current);
  const executionName = buildExecutionName({ tenantId, jobId: videoId, runNumber });
  // Concurrent requests compute the same name, so they share this lease; the manifest write below
  // picks the one that starts the run.
  await manifests.acquireRunLease(ref, { runId: executionName, ttlMs: RUN_LEASE_TTL_MS });
  let queued: JobManifest;
  try {
    queued = await updateManifest(
      manifests,
      ref,
      (draft) => {
        if (!STARTABLE.has(draft.status) || nextRunNumber(draft) !== runNumber) {
          throw new RunAlreadyStarted(draft.status);
        }
        return startRun(draft, { runId: executionName, now: new Date() });
      },
      updateOptions,
    );
  } catch (error) {
    if (error instanceof RunAlreadyStarted)
      throw notStartable({ ...current, status: error.status });
    throw error;
  }
  try {
    if (queued.input === undefined) {
      const input = await copyUploadToInput(queued, dependencies, signal);
      queued = await updateManifest(
        manifests,
        ref,
        (draft) => {
          draft.input = input;
        },
        updateOptions,
      );
    }
    const executionInput: ProcessingExecutionInput = {
      job: {
        env: config.env,
        tenantId,
        jobId: videoId,
        correlationId: randomUUID(),
        runId: executionName,
      },
      options: body.options ?? {},
      resumeFrom: plan.resumeFrom,
    };
    await starter.start({ executionName, input: executionInput });
  } catch (error) {
    // A run that could not start: the video is failed with why, and the lease given back.
    await failRun(dependencies.manifests, ref, {
      runId: executionName,
      error,
      statuses: ['queued'],
    }).catch(() => undefined);
    throw error;
  }
  return toVideoView(queued, { storage: dependencies.storage });
}

function assertStartable(manifest: JobManifest): void {
  if (!STARTABLE.has(manifest.status)) throw notStartable(manifest);
}

function notStartable({ jobId, status }: Pick<JobManifest, 'jobId' | 'status'>): ConflictError {
  const advice: Partial<Record<JobManifest['status'], string>> = {
    awaiting_upload: 'PUT the file to the upload URL (or finish the multipart upload) first.',
    queued: 'It is being processed: poll GET /videos/{id} until it is completed or failed.',
    processing: 'It is being processed: poll GET /videos/{id}, or POST /videos/{id}/cancel.',
    completed: 'It is processed: its outputs are linked from GET /videos/{id}.',
  };
  return new ConflictError(`Video ${jobId} is ${status}`, {
    details: { status },
    advice: advice[status] ?? 'GET /videos/{id} shows its status.',
  });
}

/**
 * The upload, hashed (the steps check the input's SHA-256) and copied to the job's
 * `input/source-{sha256:16}{.ext}` key, as `intakeFile` names a CLI job's input.
 */
async function copyUploadToInput(
  manifest: JobManifest,
  { storage, uploads }: ProcessVideoDependencies,
  signal: AbortSignal | undefined,
): Promise<JobInput> {
  const upload = manifest.upload;
  if (upload === undefined) throw notStartable({ ...manifest, status: 'awaiting_upload' });
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = await uploads.getStream({ key: upload.key, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  const sha256 = hash.digest('hex');
  const extension = extname(upload.fileName).toLowerCase();
  const key = buildJobKey({
    env: manifest.env,
    tenantId: manifest.tenantId,
    jobId: manifest.jobId,
    kind: 'input',
    name: `source-${sha256.slice(0, KEY_HASH_CHARS)}${/^\.[a-z0-9]{1,8}$/.test(extension) ? extension : ''}`,
  });
  await storage.copyFrom({
    source: uploads,
    sourceKey: upload.key,
    key,
    ...(signal ? { signal } : {}),
  });
  return { key, bytes, sha256, contentType: contentTypeForKey(key), fileName: upload.fileName };
}
