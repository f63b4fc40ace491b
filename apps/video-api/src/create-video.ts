import { createHash, randomBytes } from 'node:crypto';
import {
  ConflictError,
  InvalidRequestError,
  PayloadTooLargeError,
  isReelError,
} from '@reel/error-taxonomy';
import { tightenGuardrails } from '@reel/ffmpeg-runtime';
import { createJobManifest, type JobManifest, type JobUpload } from '@reel/manifest';
import { MULTIPART_THRESHOLD_BYTES, buildUploadKey, toUploadFileName } from '@reel/storage';
import * as z from 'zod';
import { sourceKeyFromUrl } from './source-url';
import type { VideoApiDependencies } from './video-api-dependencies';
import { toVideoView, videoSchema } from './video-view';

/** How long a single-PUT upload URL works (the issue's "within 1 h"). */
export const UPLOAD_URL_EXPIRY_SEC = 3_600;
/** How long a multipart upload's part URLs work: a file over 100 MiB may take a while to send. */
export const MULTIPART_UPLOAD_EXPIRY_SEC = 12 * 3_600;
/** The upload's file name when the client gives none. */
export const DEFAULT_UPLOAD_FILE_NAME = 'source.mp4';
/** What an `Idempotency-Key` may be: 1–255 visible ASCII characters. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export const createVideoBodySchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).describe('1–200 characters'),
    description: z.string().max(2000).optional().describe('Up to 2000 characters'),
    sourceUrl: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .describe(
        'An object already in your upload area: s3://{upload bucket}/{env}/{tenant}/{folder}/{file} (locally file://{REEL_UPLOAD_PATH}/…). The video is then `uploaded`.',
      ),
    fileSizeBytes: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe(
        'The exact size of the file you will upload (required without sourceUrl); over the size guardrail: 413; over 100 MiB: multipart',
      ),
    fileName: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe(
        `The file's name, kept as the upload's (characters other than letters, digits, . _ - become -); default ${DEFAULT_UPLOAD_FILE_NAME}`,
      ),
    autoProcess: z
      .boolean()
      .optional()
      .describe('Stored; processing on upload arrival comes with the event-driven ingest path'),
  })
  .superRefine(({ sourceUrl, fileSizeBytes }, context) => {
    if ((sourceUrl === undefined) === (fileSizeBytes === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['fileSizeBytes'],
        message: 'Give exactly one of sourceUrl (a file already uploaded) and fileSizeBytes',
      });
    }
  });

export type CreateVideoBody = z.output<typeof createVideoBodySchema>;

export const uploadPartSchema = z.object({
  partNumber: z.number().int().positive(),
  url: z.url(),
  headers: z.record(z.string(), z.string()).describe('Send exactly these headers'),
  sizeBytes: z.number().int().positive().describe('The exact size of this part'),
});

export const createdVideoSchema = videoSchema.extend({
  uploadUrl: z
    .url()
    .optional()
    .describe('PUT the whole file here with uploadHeaders (files up to 100 MiB)'),
  uploadHeaders: z.record(z.string(), z.string()).optional(),
  uploadParts: z
    .array(uploadPartSchema)
    .optional()
    .describe('Files over 100 MiB: PUT each part, keep each answer’s ETag, then complete'),
  uploadCompletePath: z
    .string()
    .optional()
    .describe('POST { parts: [{ partNumber, etag }] } here once every part is uploaded'),
});

export type CreatedVideo = z.infer<typeof createdVideoSchema>;

export interface CreateVideoOptions {
  tenantId: string;
  body: CreateVideoBody;
  /** The `Idempotency-Key` header, if sent: the same key always names the same video. */
  idempotencyKey?: string;
  dependencies: VideoApiDependencies;
  requestId: string;
  now?: Date;
}

/**
 * Creates a video (a job of the tenant). With `sourceUrl`, the object must already be in the
 * tenant's upload area (400 otherwise) within the size guardrail (413) and the video is `uploaded`.
 * Without it the video is `awaiting_upload` and the answer carries where to put the file: a PUT URL
 * whose signature (S3) or server (locally) enforces `fileSizeBytes`, or, past 100 MiB, presigned
 * part URLs and the complete path. An `Idempotency-Key` makes the id a hash of tenant and key: the
 * same request again is the same video (200, a fresh upload URL while one is due), another request
 * with that key is a ConflictError (409).
 *
 * @example
 * const { status, video } = await createVideo({ tenantId: 'acme', body: { title: 'Talk', fileSizeBytes: 5_000_000 }, dependencies, requestId });
 */
export async function createVideo({
  tenantId,
  body,
  idempotencyKey,
  dependencies,
  requestId,
  now = new Date(),
}: CreateVideoOptions): Promise<{ status: 200 | 201; video: CreatedVideo }> {
  const { config, manifests, uploads } = dependencies;
  const jobId = videoIdFor(tenantId, idempotencyKey);
  if (idempotencyKey !== undefined) {
    const existing = await manifests.get({ tenantId, jobId });
    if (existing !== undefined)
      return { status: 200, video: await replay(existing, body, dependencies) };
  }
  const maxBytes = await maxUploadBytes(tenantId, dependencies);
  const fileName = uploadFileName(body);
  const upload: JobUpload =
    body.sourceUrl === undefined
      ? {
          key: buildUploadKey({ env: config.env, tenantId, videoId: jobId, fileName }),
          fileName,
          declaredBytes: checkSize(body.fileSizeBytes ?? 0, maxBytes),
          expiresAt: '',
          createdAt: now.toISOString(),
        }
      : await existingUpload(body.sourceUrl, { tenantId, maxBytes, dependencies, now });
  const multipart =
    body.sourceUrl === undefined && upload.declaredBytes > MULTIPART_THRESHOLD_BYTES
      ? await uploads.createMultipartUpload({
          key: upload.key,
          contentLength: upload.declaredBytes,
          expiresInSec: MULTIPART_UPLOAD_EXPIRY_SEC,
        })
      : undefined;
  if (body.sourceUrl === undefined) {
    const expirySec = multipart === undefined ? UPLOAD_URL_EXPIRY_SEC : MULTIPART_UPLOAD_EXPIRY_SEC;
    upload.expiresAt = (
      multipart?.expiresAt ?? new Date(now.getTime() + expirySec * 1000)
    ).toISOString();
    if (multipart !== undefined) upload.multipartUploadId = multipart.uploadId;
  }
  const manifest = createJobManifest({
    env: config.env,
    tenantId,
    jobId,
    correlationId: requestId,
    title: body.title,
    ...(body.description === undefined ? {} : { description: body.description }),
    autoProcess: body.autoProcess ?? false,
    upload,
    status: body.sourceUrl === undefined ? 'awaiting_upload' : 'uploaded',
    now,
  });
  let created: JobManifest;
  try {
    created = await manifests.create(manifest);
  } catch (error) {
    if (multipart !== undefined) {
      await uploads.abortMultipartUpload({ key: upload.key, uploadId: multipart.uploadId });
    }
    // A concurrent request with the same Idempotency-Key created it first.
    if (idempotencyKey === undefined || !isReelError(error) || error.code !== 'CONFLICT')
      throw error;
    const existing = await manifests.get({ tenantId, jobId });
    if (existing === undefined) throw error;
    return { status: 200, video: await replay(existing, body, dependencies) };
  }
  const view = await toVideoView(created);
  if (multipart !== undefined) {
    return {
      status: 201,
      video: {
        ...view,
        uploadParts: multipart.parts,
        uploadCompletePath: `/videos/${jobId}/upload/complete`,
      },
    };
  }
  if (body.sourceUrl !== undefined) return { status: 201, video: view };
  return {
    status: 201,
    video: { ...view, ...(await singleUploadUrl(created, dependencies, now)) },
  };
}

/**
 * `v` + 20 hex digits: random, or from the tenant and the idempotency key (so a retry names the
 * same video, and two tenants' equal keys never collide).
 */
export function videoIdFor(tenantId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `v${randomBytes(10).toString('hex')}`;
  if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new InvalidRequestError('Idempotency-Key must be 1–255 visible ASCII characters', {
      details: { field: 'Idempotency-Key' },
    });
  }
  const digest = createHash('sha256').update(`${tenantId}\n${idempotencyKey}`).digest('hex');
  return `v${digest.slice(0, 20)}`;
}

/** The answer to a repeated request: the video as it is now, or 409 if the request differs. */
async function replay(
  existing: JobManifest,
  body: CreateVideoBody,
  dependencies: VideoApiDependencies,
): Promise<CreatedVideo> {
  const { config } = dependencies;
  const uploadKey =
    body.sourceUrl === undefined
      ? buildUploadKey({
          env: config.env,
          tenantId: existing.tenantId,
          videoId: existing.jobId,
          fileName: uploadFileName(body),
        })
      : sourceKeyFromUrl(body.sourceUrl, config, { env: config.env, tenantId: existing.tenantId });
  const same =
    existing.title === body.title &&
    existing.description === body.description &&
    (existing.autoProcess ?? false) === (body.autoProcess ?? false) &&
    existing.upload?.key === uploadKey &&
    (body.fileSizeBytes === undefined || existing.upload?.declaredBytes === body.fileSizeBytes);
  if (!same) {
    throw new ConflictError(
      `Idempotency-Key was used for another request (video ${existing.jobId})`,
      {
        details: { videoId: existing.jobId },
        advice:
          'Send a new Idempotency-Key for a new video; reuse one only to retry the same request.',
      },
    );
  }
  const view = await toVideoView(existing);
  const isSinglePut =
    existing.status === 'awaiting_upload' && existing.upload?.multipartUploadId === undefined;
  return isSinglePut
    ? { ...view, ...(await singleUploadUrl(existing, dependencies, new Date())) }
    : view;
}

/** The PUT URL of a single-part upload, valid until the upload's stored expiry (none once past). */
async function singleUploadUrl(
  manifest: JobManifest,
  { uploads }: VideoApiDependencies,
  now: Date,
): Promise<Pick<CreatedVideo, 'uploadUrl' | 'uploadHeaders'>> {
  const { upload } = manifest;
  if (upload === undefined) return {};
  const remainingSec = Math.floor((Date.parse(upload.expiresAt) - now.getTime()) / 1000);
  if (remainingSec <= 0) return {};
  const { url, headers } = await uploads.getUploadUrl({
    key: upload.key,
    contentLength: upload.declaredBytes,
    expiresInSec: remainingSec,
  });
  return { uploadUrl: url, uploadHeaders: headers };
}

function uploadFileName({ fileName }: CreateVideoBody): string {
  return toUploadFileName(fileName ?? DEFAULT_UPLOAD_FILE_NAME, DEFAULT_UPLOAD_FILE_NAME);
}

/** The tenant's size guardrail: the platform's, tightened by the tenant's settings. */
async function maxUploadBytes(
  tenantId: string,
  { runtime, tenantSettings }: VideoApiDependencies,
): Promise<number> {
  const settings = await tenantSettings.get(tenantId);
  return tightenGuardrails(runtime.guardrails, settings.guardrails).maxBytes;
}

function checkSize(bytes: number, maxBytes: number): number {
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(`The file is ${bytes} bytes, over the ${maxBytes}-byte limit`, {
      details: { bytes, maxBytes },
      advice: `Upload a file of at most ${maxBytes} bytes.`,
    });
  }
  return bytes;
}

/** The upload record of a `sourceUrl` video: the object must be there, within the guardrail. */
async function existingUpload(
  sourceUrl: string,
  {
    tenantId,
    maxBytes,
    dependencies: { config, uploads },
    now,
  }: { tenantId: string; maxBytes: number; dependencies: VideoApiDependencies; now: Date },
): Promise<JobUpload> {
  const key = sourceKeyFromUrl(sourceUrl, config, { env: config.env, tenantId });
  if (!(await uploads.exists({ key }))) {
    throw new InvalidRequestError('sourceUrl names no object in your upload area', {
      details: { field: 'sourceUrl' },
      advice: 'Upload the file first, or create the video with fileSizeBytes to get an upload URL.',
    });
  }
  const { bytes } = await uploads.head({ key });
  if (bytes === 0) {
    throw new InvalidRequestError('The object at sourceUrl is empty', {
      details: { field: 'sourceUrl' },
    });
  }
  return {
    key,
    fileName: key.split('/').at(-1) ?? key,
    declaredBytes: checkSize(bytes, maxBytes),
    // No URL was handed out: the upload window closed when the file was already there.
    expiresAt: now.toISOString(),
    createdAt: now.toISOString(),
  };
}
