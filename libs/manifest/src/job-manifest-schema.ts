import { probeSummarySchema, renderOptionsSchema, transcodeOptionsSchema } from '@reel/media-types';
import { ENV_PATTERN, ID_PATTERN } from '@reel/storage';
import * as z from 'zod';
import { errorInfoSchema } from './error-info-schema';

/**
 * The manifest layout this code writes. A change bumps it and adds a migration from the previous
 * layout (`manifest-migrations.ts`), so every reader upgrades what older code stored.
 * 2: `input.fileName`, `run`.
 * 3: `awaiting_upload`, optional `input`, `title`, `description`, `autoProcess`, `upload`,
 * `run.number`.
 */
export const MANIFEST_SCHEMA_VERSION = 3;

/**
 * A job's life: `awaiting_upload → uploaded → queued → processing → completed | failed`.
 * `awaiting_upload`: created by the video API before its file exists (no `input` yet).
 */
export const jobStatuses = [
  'awaiting_upload',
  'uploaded',
  'queued',
  'processing',
  'completed',
  'failed',
] as const;
/** A step's state, summarising its attempts. */
export const stepStatuses = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
/** One attempt's state; an attempt is never pending or skipped. */
export const attemptStatuses = ['running', 'succeeded', 'failed'] as const;

/** Step names are kebab-case (`audio-extraction`); the workflow owns the list. */
export const STEP_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

// Exactly `Date#toISOString()`: fixed width, so string order is time order (DynamoDB sorts on it).
const timestamp = z.iso
  .datetime({ precision: 3 })
  .describe('ISO 8601 UTC with milliseconds, e.g. 2025-01-31T12:00:00.000Z');
const objectKey = z.string().min(1).max(1024).describe('Storage key, {env}/{tenantId}/{jobId}/…');
const byteCount = z.number().int().nonnegative();
const seconds = z.number().nonnegative();
const milliseconds = z.number().int().nonnegative();

export const stepOutputSchema = z.object({
  key: objectKey,
  bytes: byteCount,
  contentType: z.string().optional(),
  durationSec: seconds.optional(),
});

export const stepAttemptSchema = z.object({
  attempt: z.number().int().positive().describe('1 for the first try, +1 per retry'),
  status: z.enum(attemptStatuses),
  startedAt: timestamp,
  finishedAt: timestamp.optional(),
  durationMs: milliseconds.optional(),
  error: errorInfoSchema.optional(),
});

export const stepRecordSchema = z.object({
  status: z.enum(stepStatuses),
  attempts: z.array(stepAttemptSchema),
  startedAt: timestamp.optional().describe('When the first attempt started'),
  finishedAt: timestamp.optional().describe('When the last attempt finished'),
  durationMs: milliseconds.optional().describe('First start to last finish, retries included'),
  outputs: z.array(stepOutputSchema),
  error: errorInfoSchema.optional(),
});

export const audioResultSchema = z.object({
  mp3Key: objectKey,
  wavKey: objectKey,
  segmentKeys: z.array(objectKey).optional(),
  durationSec: seconds,
});

export const transcriptResultSchema = z.object({
  transcriptKey: objectKey,
  srtKey: objectKey,
  vttKey: objectKey,
  provider: z.string().min(1),
  language: z.string().min(2),
  wordCount: z.number().int().nonnegative(),
  fillerCount: z.number().int().nonnegative(),
  durationMs: milliseconds,
});

const planSha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Expected 64 lower-case hex digits');

/** One stored version of the job's cut plan (`plan/cut-plan.v{N}.json`, never rewritten). */
export const planVersionSchema = z.object({
  version: z.number().int().positive(),
  key: objectKey,
  createdAt: timestamp,
  by: z.enum(['planner', 'hand']).describe('planner: a proposal; hand: a user edit or CLI verb'),
  change: z
    .string()
    .max(200)
    .optional()
    .describe('What made it, e.g. "plan", "edited cut-plan.json", "toggle 3", "use 2"'),
  sha256: planSha256,
  keptMs: milliseconds,
  removedMs: milliseconds,
});

export const planResultSchema = z.object({
  planKey: objectKey.describe('The current plan (plan/cut-plan.json): what a render uses'),
  edlKey: objectKey,
  fcpxmlKey: objectKey.optional(),
  mode: z.enum(['cut', 'mute', 'speed']),
  keptMs: milliseconds,
  removedMs: milliseconds,
  removedByReasonMs: z.object({
    silence: milliseconds,
    filler: milliseconds,
    repeat: milliseconds,
  }),
  version: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Version N of the current plan; absent on plans made before versioning'),
  versionKey: objectKey.optional().describe('plan/cut-plan.v{N}.json of the current version'),
  plannedSha256: planSha256
    .optional()
    .describe('sha256 of planKey as reel last wrote it: another hash means a hand edit'),
  proposal: z
    .object({ version: z.number().int().positive(), versionKey: objectKey })
    .optional()
    .describe('A planner proposal left non-current because the current plan is a hand edit'),
  versions: z.array(planVersionSchema).optional().describe('Every stored version, oldest first'),
});

/** One piece of the edit decision list a render played (source span → place in the output). */
export const renderedPieceSchema = z.object({
  segmentIndex: z.number().int().nonnegative().describe("Index of the plan's segment"),
  action: z.enum(['keep', 'cut']).describe('cut pieces play only in mute and speed modes'),
  reason: z.string().optional(),
  sourceStartSec: seconds,
  sourceEndSec: seconds,
  speed: z.number().positive(),
  muted: z.boolean(),
  outputStartSec: seconds.describe('Start in the main programme (after the intro)'),
  outputDurationSec: seconds,
});

/**
 * What a render wrote and played. A source with a picture gives `videoKey` and the picture's
 * `width`, `height`, `videoCodec` and `frameRate` (always all of them); an audio-only source (a
 * podcast) gives none of them and has `mp3Key` instead: its episode is the render.
 */
export const renderResultSchema = z
  .object({
    videoKey: objectKey.optional().describe('The rendered MP4; absent: an audio-only render'),
    srtKey: objectKey.optional(),
    vttKey: objectKey.optional(),
    transcriptKey: objectKey.optional().describe('The transcript re-timed to the render'),
    mp3Key: objectKey.optional().describe('The podcast episode (loudness-normalised)'),
    previewKey: objectKey
      .optional()
      .describe('The removed spans, labelled; absent: nothing removed'),
    durationSec: seconds,
    width: z.number().int().positive().optional().describe('Absent: an audio-only render'),
    height: z.number().int().positive().optional().describe('Absent: an audio-only render'),
    videoCodec: z.string().min(1).optional().describe('Absent: an audio-only render'),
    audioCodec: z.string().min(1).optional(),
    frameRate: z
      .object({ num: z.number().int().positive(), den: z.number().int().positive() })
      .optional()
      .describe("The picture's frame rate; absent: an audio-only render"),
    planKey: objectKey.describe('The plan version rendered'),
    planVersion: z.number().int().positive().optional(),
    planSha256: planSha256.describe('sha256 of the plan rendered (not plannedSha256: edited)'),
    mode: z.enum(['cut', 'mute', 'speed']),
    options: renderOptionsSchema.describe('The resolved render options'),
    pieces: z.array(renderedPieceSchema).describe('The edit decision list actually rendered'),
    removedSec: seconds,
  })
  .superRefine((render, context) => {
    const pictureFields = ['width', 'height', 'videoCodec', 'frameRate'] as const;
    if (render.videoKey === undefined) {
      if (render.mp3Key === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['mp3Key'],
          message: 'A render without videoKey (audio-only) must have mp3Key',
        });
      }
      for (const field of pictureFields.filter((name) => render[name] !== undefined)) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: `An audio-only render (no videoKey) has no ${field}`,
        });
      }
      return;
    }
    for (const field of pictureFields.filter((name) => render[name] === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `A render with videoKey must have ${field}`,
      });
    }
  });

/** One video rendition of a transcode (a rung of the ladder), as measured from its segments. */
export const videoRenditionSchema = z.object({
  name: z.string().min(1).describe('The rendition folder and id, e.g. "720p"'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  frameRate: z.number().positive(),
  codecs: z.string().min(1).describe('RFC 6381 codec string of the video, e.g. "avc1.64001f"'),
  targetBitrateKbps: z.number().int().positive().describe('What the ladder asked of x264'),
  bandwidthBps: z
    .number()
    .int()
    .positive()
    .describe('Peak segment bitrate measured (HLS BANDWIDTH)'),
  averageBandwidthBps: z
    .number()
    .int()
    .positive()
    .describe('Mean bitrate over the whole rendition (HLS AVERAGE-BANDWIDTH)'),
  segmentCount: z.number().int().positive(),
  frameCount: z.number().int().positive(),
  playlistKey: objectKey.describe('Its HLS media playlist'),
});

/** The one audio rendition every video rendition shares (or the only one of an audio-only input). */
export const audioRenditionSchema = z.object({
  name: z.string().min(1).describe('The rendition folder and id, e.g. "audio"'),
  codecs: z.string().min(1).describe('e.g. "mp4a.40.2" (AAC-LC)'),
  channels: z.number().int().positive(),
  sampleRateHz: z.number().int().positive(),
  bandwidthBps: z.number().int().positive(),
  segmentCount: z.number().int().positive(),
  playlistKey: objectKey,
});

/** EBU R128 of the output's sound (ffmpeg's ebur128 filter). */
export const loudnessResultSchema = z.object({
  integratedLufs: z.number(),
  loudnessRangeLu: z.number(),
  truePeakDbtp: z.number(),
  targetLufs: z.number().optional().describe('Present when the sound was normalised to it'),
});

/** What a transcode published: one version folder of streams, MP4 and pictures. */
export const transcodeResultSchema = z.object({
  version: z
    .string()
    .regex(/^v[0-9]{1,6}$/)
    .describe('The version folder, v1, v2, …: new URLs per transcode'),
  sourceKey: objectKey.describe(
    'What was transcoded: the render when there is one, else the input',
  ),
  hlsMasterKey: objectKey.describe('renditions/cmaf/{version}/master.m3u8'),
  dashManifestKey: objectKey.describe(
    'renditions/cmaf/{version}/manifest.mpd (same segments as HLS)',
  ),
  mp4Key: objectKey
    .optional()
    .describe('renditions/mp4/{version}/…: the top rung remuxed, +faststart'),
  segmentDurationSec: z.number().positive(),
  durationSec: seconds,
  video: z.array(videoRenditionSchema).describe('Tallest first; empty for an audio-only input'),
  audio: audioRenditionSchema.optional().describe('Absent: the input has no sound'),
  subtitles: z
    .object({ language: z.string().min(2), vttKey: objectKey, playlistKey: objectKey })
    .optional()
    .describe('The captions that travel with the streams'),
  posterKey: objectKey
    .optional()
    .describe('thumbnails/{version}/poster.jpg; absent for audio-only'),
  thumbnails: z
    .object({
      intervalSec: z.number().positive(),
      keys: z.array(objectKey),
      spriteKey: objectKey,
      storyboardKey: objectKey.describe('WebVTT whose cues point into the sprite (#xywh=)'),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    })
    .optional(),
  loudness: loudnessResultSchema.optional(),
  chunkCount: z.number().int().positive().describe('1: one process; more: encoded in chunks'),
  options: transcodeOptionsSchema.describe('The resolved transcode options'),
  previousVersions: z
    .array(z.object({ version: z.string(), supersededAt: timestamp }))
    .default([])
    .describe('Older versions still stored; removed once retentionHours have passed'),
});

export const stepResultsSchema = z.object({
  audio: audioResultSchema.optional(),
  transcript: transcriptResultSchema.optional(),
  plan: planResultSchema.optional(),
  render: renderResultSchema.optional(),
  transcode: transcodeResultSchema.optional(),
});

export const jobInputSchema = z.object({
  key: objectKey,
  bytes: byteCount,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Expected 64 lower-case hex digits'),
  contentType: z.string().optional(),
  fileName: z
    .string()
    .min(1)
    .max(255)
    .describe("The uploaded file's own name (no folders), for messages; since schemaVersion 2"),
  probe: probeSummarySchema.optional().describe('Set once the input has been probed'),
});

export const jobRunSchema = z
  .object({
    runId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,80}$/)
      .describe('Holds the run lease; the Step Functions execution name on AWS'),
    startedAt: timestamp,
    number: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'The 1-based run number (previous + 1), so execution names are never reused; since schemaVersion 3',
      ),
  })
  .describe('The latest run of the job, written by whoever starts it; since schemaVersion 2');

/**
 * Where the client uploads a job's file before it exists (the video API's `awaiting_upload`): a
 * key in the UPLOAD storage, `{env}/{tenantId}/{jobId}/{fileName}`, not the job's `input/` key.
 */
export const jobUploadSchema = z
  .object({
    key: objectKey.describe('Key in the upload storage: {env}/{tenantId}/{jobId}/{fileName}'),
    fileName: z.string().min(1).max(255).describe("The client's file name (no folders)"),
    declaredBytes: byteCount.describe('The size the client declared; the upload URL enforces it'),
    expiresAt: timestamp.describe('When the upload URL (or multipart upload) stops working'),
    createdAt: timestamp,
    multipartUploadId: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe('Present for a multipart upload (above the single-PUT threshold)'),
  })
  .describe('The pending upload of a job created before its file; since schemaVersion 3');

/**
 * The job manifest: the source of truth for one media asset of one tenant. Every write goes
 * through a {@link ManifestStore} and raises `version` by one.
 *
 * @example
 * const manifest = jobManifestSchema.parse(JSON.parse(text));
 */
export const jobManifestSchema = z
  .object({
    schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
    env: z.string().regex(ENV_PATTERN),
    tenantId: z.string().regex(ID_PATTERN),
    jobId: z.string().regex(ID_PATTERN),
    version: z.number().int().positive().describe('1 on create, +1 per write'),
    status: z.enum(jobStatuses),
    createdAt: timestamp,
    updatedAt: timestamp,
    correlationId: z.string().min(1).max(256),
    title: z.string().min(1).max(200).optional().describe('A human title; since schemaVersion 3'),
    description: z.string().max(2000).optional().describe('Since schemaVersion 3'),
    autoProcess: z
      .boolean()
      .optional()
      .describe('Process as soon as the upload arrives (stored; since schemaVersion 3)'),
    upload: jobUploadSchema.optional(),
    input: jobInputSchema
      .optional()
      .describe('The source; absent while awaiting_upload (use requireJobInput)'),
    steps: z.record(z.string().regex(STEP_NAME_PATTERN), stepRecordSchema),
    results: stepResultsSchema,
    run: jobRunSchema.optional(),
    error: errorInfoSchema.optional(),
  })
  .meta({
    title: 'JobManifest',
    description: 'The state of one reel job: ids, status, input, per-step records and results.',
  });

export type JobManifest = z.infer<typeof jobManifestSchema>;
export type JobStatus = (typeof jobStatuses)[number];
export type StepStatus = (typeof stepStatuses)[number];
export type AttemptStatus = (typeof attemptStatuses)[number];
export type StepRecord = z.infer<typeof stepRecordSchema>;
export type StepAttempt = z.infer<typeof stepAttemptSchema>;
export type StepOutput = z.infer<typeof stepOutputSchema>;
export type StepResults = z.infer<typeof stepResultsSchema>;
export type AudioResult = z.infer<typeof audioResultSchema>;
export type TranscriptResult = z.infer<typeof transcriptResultSchema>;
export type PlanResult = z.infer<typeof planResultSchema>;
export type TranscodeResult = z.infer<typeof transcodeResultSchema>;
export type VideoRendition = z.infer<typeof videoRenditionSchema>;
export type AudioRendition = z.infer<typeof audioRenditionSchema>;
export type LoudnessResult = z.infer<typeof loudnessResultSchema>;
export type JobInput = z.infer<typeof jobInputSchema>;
export type JobRun = z.infer<typeof jobRunSchema>;
export type JobUpload = z.infer<typeof jobUploadSchema>;
