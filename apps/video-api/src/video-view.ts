import { jobStatuses, type JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import * as z from 'zod';
import { STREAM_ENTRIES, signedStreamPaths } from './video-streams';

/** How long every output link in an answer is valid: minted per response, never stored. */
export const LINK_EXPIRY_SEC = 3_600;

const timestamp = z.iso.datetime({ offset: true });

export const videoErrorSchema = z
  .object({
    code: z.string().describe('The taxonomy code, e.g. CORRUPT_INPUT or CANCELLED'),
    message: z.string(),
    advice: z.string(),
    retryable: z.boolean(),
  })
  .describe('Why the video (or a step) failed');

export const videoStepSchema = z.object({
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']),
  attempts: z.number().int().nonnegative(),
  startedAt: timestamp.optional(),
  finishedAt: timestamp.optional(),
  durationMs: z.number().int().nonnegative().optional(),
  error: videoErrorSchema.optional(),
});

const link = z.url();
export const videoLinksSchema = z
  .object({
    audio: link.describe('The extracted MP3'),
    transcript: link.describe('The transcript with word timings (JSON)'),
    transcriptSrt: link,
    transcriptVtt: link,
    cutPlan: link.describe('The current cut plan (JSON)'),
    edl: link.describe('The cut plan as an edit decision list'),
    render: link.describe('The rendered MP4 (or the podcast MP3 of an audio-only render)'),
    poster: link,
    storyboard: link.describe('WebVTT whose cues point into the sprite'),
    sprite: link,
    mp4: link.describe('The progressive MP4 of the top rung'),
  })
  .partial()
  .describe('Signed URLs to the outputs that exist, valid 1 h from this answer');

export const videoStreamsSchema = z
  .object({
    hls: z.string().describe('Path of the HLS master playlist on this API (Bearer key)'),
    dash: z.string().describe('Path of the DASH manifest on this API (Bearer key)'),
    signed: z
      .object({
        hls: z.string().describe('The master’s path with a signed query: plays with no key'),
        dash: z.string().describe('The MPD’s path with a signed query: plays with no key'),
        expiresAt: timestamp,
      })
      .optional()
      .describe('Only on GET /videos/{id}, signed for that answer, valid 1 h'),
  })
  .describe('Present once the video is transcoded');

export const videoSchema = z.object({
  id: z.string(),
  title: z.string().optional().describe('Absent for a job made outside the API (reel run)'),
  description: z.string().optional(),
  status: z.enum(jobStatuses),
  autoProcess: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  input: z
    .object({
      fileName: z.string(),
      bytes: z.number().int().nonnegative(),
      durationSec: z.number().nonnegative().optional().describe('Once probed'),
    })
    .optional()
    .describe('The source, once processing has taken it in'),
  upload: z
    .object({
      fileName: z.string(),
      declaredBytes: z.number().int().nonnegative(),
      expiresAt: timestamp.describe('When the upload URL (or multipart upload) stops working'),
      multipart: z.boolean(),
    })
    .optional()
    .describe('The expected upload'),
  run: z
    .object({ number: z.number().int().positive().optional(), startedAt: timestamp })
    .optional()
    .describe('The latest processing run'),
  steps: z.record(z.string(), videoStepSchema),
  error: videoErrorSchema.optional(),
  links: videoLinksSchema,
  streams: videoStreamsSchema.optional(),
});

export type VideoView = z.infer<typeof videoSchema>;

/**
 * The public JSON of a video (a job of the caller's tenant): what a client needs, none of the
 * store's internals (keys, hashes, lease, correlation id, error details). `storage` mints a link
 * for each output that exists — presigned on S3, a signed local URL under `reel serve` — valid
 * {@link LINK_EXPIRY_SEC}; without it (a listing) `links` is empty.
 *
 * @example
 * const view = await toVideoView(manifest, { storage });
 */
export async function toVideoView(
  manifest: JobManifest,
  { storage, streamLinkSecret }: { storage?: MediaStorage; streamLinkSecret?: string } = {},
): Promise<VideoView> {
  const { input, upload, run, results } = manifest;
  return {
    id: manifest.jobId,
    ...(manifest.title === undefined ? {} : { title: manifest.title }),
    ...(manifest.description === undefined ? {} : { description: manifest.description }),
    status: manifest.status,
    autoProcess: manifest.autoProcess ?? false,
    createdAt: manifest.createdAt,
    updatedAt: manifest.updatedAt,
    ...(input === undefined
      ? {}
      : {
          input: {
            fileName: input.fileName,
            bytes: input.bytes,
            ...(input.probe === undefined ? {} : { durationSec: input.probe.durationSec }),
          },
        }),
    ...(upload === undefined
      ? {}
      : {
          upload: {
            fileName: upload.fileName,
            declaredBytes: upload.declaredBytes,
            expiresAt: upload.expiresAt,
            multipart: upload.multipartUploadId !== undefined,
          },
        }),
    ...(run === undefined
      ? {}
      : {
          run: {
            ...(run.number === undefined ? {} : { number: run.number }),
            startedAt: run.startedAt,
          },
        }),
    steps: Object.fromEntries(
      Object.entries(manifest.steps).map(([name, step]) => [
        name,
        {
          status: step.status,
          attempts: step.attempts.length,
          ...pick(step, ['startedAt', 'finishedAt', 'durationMs']),
          ...(step.error === undefined ? {} : { error: toPublicError(step.error) }),
        },
      ]),
    ),
    ...(manifest.error === undefined ? {} : { error: toPublicError(manifest.error) }),
    links: storage === undefined ? {} : await mintLinks(results, storage),
    ...(results.transcode === undefined
      ? {}
      : {
          streams: {
            hls: `/videos/${manifest.jobId}/stream/${STREAM_ENTRIES.hls}`,
            dash: `/videos/${manifest.jobId}/stream/${STREAM_ENTRIES.dash}`,
            ...(streamLinkSecret === undefined
              ? {}
              : {
                  signed: signedStreamPaths({
                    tenantId: manifest.tenantId,
                    videoId: manifest.jobId,
                    secret: streamLinkSecret,
                  }),
                }),
          },
        }),
  };
}

/** The output keys a video's links point at, by link name. */
export function outputKeys(
  results: JobManifest['results'],
): Partial<Record<keyof VideoView['links'], string>> {
  const { audio, transcript, plan, render, transcode } = results;
  const keys: Partial<Record<keyof VideoView['links'], string | undefined>> = {
    audio: audio?.mp3Key,
    transcript: transcript?.transcriptKey,
    transcriptSrt: transcript?.srtKey,
    transcriptVtt: transcript?.vttKey,
    cutPlan: plan?.planKey,
    edl: plan?.edlKey,
    render: render?.videoKey ?? render?.mp3Key,
    poster: transcode?.posterKey,
    storyboard: transcode?.thumbnails?.storyboardKey,
    sprite: transcode?.thumbnails?.spriteKey,
    mp4: transcode?.mp4Key,
  };
  return Object.fromEntries(
    Object.entries(keys).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

async function mintLinks(
  results: JobManifest['results'],
  storage: MediaStorage,
): Promise<VideoView['links']> {
  const minted = await Promise.all(
    Object.entries(outputKeys(results)).map(
      async ([name, key]) =>
        [name, await storage.getUrl({ key, expiresInSec: LINK_EXPIRY_SEC })] as const,
    ),
  );
  return Object.fromEntries(minted);
}

function toPublicError(error: {
  code: string;
  message: string;
  advice: string;
  retryable: boolean;
}): z.infer<typeof videoErrorSchema> {
  const { code, message, advice, retryable } = error;
  return { code, message, advice, retryable };
}

function pick<T extends object, K extends keyof T>(
  value: T,
  names: readonly K[],
): Partial<Pick<T, K>> {
  return Object.fromEntries(
    names.filter((name) => value[name] !== undefined).map((name) => [name, value[name]]),
  ) as Partial<Pick<T, K>>;
}
