import { InvalidRequestError } from '@reel/error-taxonomy';
import { transcodeOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { MANIFEST_SCHEMA_VERSION, jobManifestSchema } from './job-manifest-schema';

const input = {
  key: 'dev/acme/ep-42/input/talk.mp4',
  bytes: 1_048_576,
  sha256: '0'.repeat(63) + 'f',
};
const now = new Date('2025-03-04T05:06:07.089Z');

describe('Function: createJobManifest', () => {
  it('makes a valid version-1 manifest with no steps or results, naming the input after its key', () => {
    // Act
    const manifest = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-42',
      correlationId: 'req-1',
      input,
      now,
    });

    // Assess
    expect(manifest).toEqual({
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-42',
      version: 1,
      status: 'uploaded',
      createdAt: '2025-03-04T05:06:07.089Z',
      updatedAt: '2025-03-04T05:06:07.089Z',
      correlationId: 'req-1',
      input: { ...input, fileName: 'talk.mp4' },
      steps: {},
      results: {},
    });
    expect(jobManifestSchema.parse(manifest)).toEqual(manifest);
  });

  it('rejects a tenant id with a path separator', () => {
    expect(() =>
      createJobManifest({
        env: 'dev',
        tenantId: 'acme/x',
        jobId: 'ep-42',
        correlationId: 'r',
        input,
        now,
      }),
    ).toThrow(InvalidRequestError);
  });

  it('names the field when the input is invalid', () => {
    // Act
    const create = () =>
      createJobManifest({
        env: 'dev',
        tenantId: 'acme',
        jobId: 'ep-42',
        correlationId: 'r',
        input: { ...input, sha256: 'ABC' },
        now,
      });

    // Assess
    expect(create).toThrow(InvalidRequestError);
    expect(create).toThrow(/input\.sha256/);
  });

  it('makes a job awaiting its upload when there is no input, keeping title, description, autoProcess and upload', () => {
    // Prepare
    const upload = {
      key: 'dev/acme/v0123456789ab/talk.mp4',
      fileName: 'talk.mp4',
      declaredBytes: 52_428_800,
      expiresAt: '2025-03-04T06:06:07.089Z',
      createdAt: '2025-03-04T05:06:07.089Z',
    };

    // Act
    const manifest = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'v0123456789ab',
      correlationId: 'req-2',
      title: 'Team talk',
      description: 'Recorded on Monday',
      autoProcess: false,
      upload,
      now,
    });

    // Assess
    expect(manifest).toMatchObject({
      status: 'awaiting_upload',
      title: 'Team talk',
      description: 'Recorded on Monday',
      autoProcess: false,
      upload,
    });
    expect(manifest).not.toHaveProperty('input');
    expect(jobManifestSchema.parse(manifest)).toEqual(manifest);
  });

  it.each([
    ['an empty title', { title: '' }, 'title'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title'],
    ['a description over 2000 characters', { description: 'x'.repeat(2001) }, 'description'],
  ])('refuses %s naming the field', (_case, fields, fieldPath) => {
    const create = () =>
      createJobManifest({
        env: 'dev',
        tenantId: 'acme',
        jobId: 'v0123456789ab',
        correlationId: 'r',
        now,
        ...fields,
      });
    expect(create).toThrow(InvalidRequestError);
    expect(create).toThrow(new RegExp(`invalid at ${fieldPath}:`));
  });

  it('accepts a 200-character title and a 2000-character description', () => {
    const manifest = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'v0123456789ab',
      correlationId: 'r',
      now,
      title: 't'.repeat(200),
      description: 'd'.repeat(2000),
    });
    expect(manifest.title).toHaveLength(200);
    expect(manifest.description).toHaveLength(2000);
  });
});

describe('Schema: jobManifestSchema', () => {
  const valid = createJobManifest({
    env: 'dev',
    tenantId: 'acme',
    jobId: 'ep-42',
    correlationId: 'req-1',
    input,
    now,
  });

  const cmaf = 'dev/acme/ep-42/renditions/cmaf/v1';
  const transcode = {
    version: 'v1',
    sourceKey: 'dev/acme/ep-42/renders/render.mp4',
    hlsMasterKey: `${cmaf}/master.m3u8`,
    dashManifestKey: `${cmaf}/manifest.mpd`,
    mp4Key: 'dev/acme/ep-42/renditions/mp4/v1/720p.mp4',
    segmentDurationSec: 4,
    durationSec: 12.5,
    video: [
      {
        name: '720p',
        width: 1280,
        height: 720,
        frameRate: 30,
        codecs: 'avc1.64001f',
        targetBitrateKbps: 2800,
        bandwidthBps: 3_100_000,
        averageBandwidthBps: 2_700_000,
        segmentCount: 4,
        frameCount: 375,
        playlistKey: `${cmaf}/720p/index.m3u8`,
      },
    ],
    audio: {
      name: 'audio',
      codecs: 'mp4a.40.2',
      channels: 2,
      sampleRateHz: 48_000,
      bandwidthBps: 130_000,
      segmentCount: 4,
      playlistKey: `${cmaf}/audio/index.m3u8`,
    },
    loudness: { integratedLufs: -16.2, loudnessRangeLu: 4.1, truePeakDbtp: -1.5, targetLufs: -16 },
    chunkCount: 1,
    options: transcodeOptionsSchema.parse({}),
    previousVersions: [],
  };

  it('accepts the audio, transcript, plan and transcode results', () => {
    // Prepare
    const manifest = {
      ...valid,
      results: {
        audio: {
          mp3Key: 'dev/acme/ep-42/audio/audio.mp3',
          wavKey: 'dev/acme/ep-42/audio/audio-16k.wav',
          segmentKeys: ['dev/acme/ep-42/audio/segments/000.mp3'],
          durationSec: 12.5,
        },
        transcript: {
          transcriptKey: 'dev/acme/ep-42/transcripts/transcript.json',
          srtKey: 'dev/acme/ep-42/transcripts/transcript.srt',
          vttKey: 'dev/acme/ep-42/transcripts/transcript.vtt',
          provider: 'local-pocketsphinx',
          language: 'en-US',
          wordCount: 42,
          fillerCount: 3,
          durationMs: 12_500,
        },
        plan: {
          planKey: 'dev/acme/ep-42/plan/cut-plan.json',
          edlKey: 'dev/acme/ep-42/plan/cut-plan.edl',
          mode: 'cut',
          keptMs: 9_000,
          removedMs: 3_500,
          removedByReasonMs: { silence: 3_000, filler: 400, repeat: 100 },
        },
        transcode: transcode,
      },
    };

    // Act
    const parsed = jobManifestSchema.parse(manifest);

    // Assess
    expect(parsed.results).toEqual(manifest.results);
  });

  it('refuses a transcode result whose version folder is not vN', () => {
    const result = jobManifestSchema.safeParse({
      ...valid,
      results: { transcode: { ...transcode, version: '../v1' } },
    });
    expect(result.success).toBe(false);
  });

  it('refuses a plan result without its removed-by-reason totals', () => {
    const result = jobManifestSchema.safeParse({
      ...valid,
      results: {
        plan: {
          planKey: 'dev/acme/ep-42/plan/cut-plan.json',
          edlKey: 'dev/acme/ep-42/plan/cut-plan.edl',
          mode: 'cut',
          keptMs: 1,
          removedMs: 0,
        },
      },
    });
    expect(result.success).toBe(false);
  });

  it.each([
    [
      'a schemaVersion from the future',
      { schemaVersion: MANIFEST_SCHEMA_VERSION + 1 },
      'schemaVersion',
    ],
    ['an input without fileName', { input: input }, 'input'],
    ['version 0', { version: 0 }, 'version'],
    ['an unknown status', { status: 'done' }, 'status'],
    ['a timestamp without milliseconds', { updatedAt: '2025-03-04T05:06:07Z' }, 'updatedAt'],
    ['a timestamp with an offset', { createdAt: '2025-03-04T05:06:07.089+01:00' }, 'createdAt'],
    [
      'a step name with a space',
      { steps: { 'audio extraction': { status: 'pending', attempts: [], outputs: [] } } },
      'steps',
    ],
  ])('rejects %s', (_case, change, field) => {
    const result = jobManifestSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});
