import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressMessage, StepResponse } from '@reel/lambda-kit';
import { generateLavfiClip, generateSpeechClip } from '@reel/sample-media';
import { requireJobInput, updateManifest } from '@reel/manifest';
import { buildJobRootKey } from '@reel/storage';
import {
  captureProgress,
  createTestEnvironment,
  lambdaContext,
  testBackends,
  type CapturedProgress,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createAudioExtractionHandler } from './handler';

interface Probed {
  format: { duration: string; bit_rate?: string };
  streams: Array<{
    codec_type: string;
    codec_name: string;
    sample_rate?: string;
    channels?: number;
  }>;
}

/** ffprobe's own view of a file, independent of the runtime under test. */
async function ffprobe(path: string): Promise<Probed> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    path,
  ]);
  return JSON.parse(stdout) as Probed;
}

// The 20 s 720p talk is the slow fixture: made once for both backends' suites.
let talkDir: string;
let talk: string;
let talkDurationSec: number;
beforeAll(async () => {
  talkDir = await mkdtemp(join(tmpdir(), 'reel-audio-extraction-talk-'));
  talk = (
    await generateSpeechClip({
      outputPath: join(talkDir, 'talk-720p.mp4'),
      video: { width: 1280, height: 720 },
      minDurationSec: 20,
    })
  ).path;
  talkDurationSec = Number((await ffprobe(talk)).format.duration);
});
afterAll(async () => rm(talkDir, { recursive: true, force: true }));

describe.each(testBackends)('audio-extraction: the ExtractAudio task (%s backend)', (backend) => {
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createAudioExtractionHandler>;
  let progress: ProgressMessage[];

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'audio-extraction', backend });
    handler = createAudioExtractionHandler(() => environment.dependencies);
  });
  afterAll(async () => environment.cleanup());

  let captured: CapturedProgress;
  beforeEach(() => {
    captured = captureProgress();
    progress = captured.messages;
  });
  afterEach(() => captured.restore());

  const manifestOf = (jobId: string) =>
    environment.dependencies.manifests.get({ tenantId: 'acme', jobId });
  const download = async (key: string) => {
    const path = join(environment.fixturesDir, key.replaceAll('/', '_'));
    await environment.dependencies.storage.getToFile({ key, path });
    return path;
  };

  /** A job as the validate step leaves it: its input's probe recorded on the manifest. */
  const createValidatedJob = async (jobId: string, inputPath: string) => {
    const job = await environment.createJob(jobId, inputPath);
    const probe = await environment.dependencies.runtime.probeAndCheck({
      input: inputPath,
      inputLabel: basename(inputPath),
      allowedDirs: [dirname(inputPath)],
    });
    await updateManifest(environment.dependencies.manifests, job, (draft) => {
      requireJobInput(draft).probe = probe;
      return draft;
    });
    return job;
  };

  it('refuses a job that was not validated as INVALID_REQUEST, without probing or writing', async () => {
    // Prepare: intake only, no validate step.
    const job = await environment.createJob('unvalidated', talk);

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      code: 'INVALID_REQUEST',
      retryable: false,
      message: 'Job unvalidated has not been validated: its input has no recorded probe',
      advice: expect.stringContaining('Run the validate step first') as string,
    });
    expect((await manifestOf('unvalidated'))?.steps['audio-extraction']).toMatchObject({
      status: 'failed',
      outputs: [],
      error: { code: 'INVALID_REQUEST' },
    });
    expect(
      await environment.dependencies.storage.list({ prefix: `${buildJobRootKey(job)}/audio/` }),
    ).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('writes an MP3 and a 16 kHz mono WAV as long as a 20 s 720p talk', async () => {
    // Prepare
    const job = await createValidatedJob('talk', talk);

    // Act
    const response = await handler({ job, options: {}, step: 'audio-extraction' }, lambdaContext);

    // Assess
    const mp3Key = 'dev/acme/talk/audio/audio.mp3';
    const wavKey = 'dev/acme/talk/audio/audio-16k.wav';
    expect(response.outputs.map(({ key }) => key)).toEqual([mp3Key, wavKey]);
    const mp3 = await ffprobe(await download(mp3Key));
    const wav = await ffprobe(await download(wavKey));
    expect(talkDurationSec).toBeGreaterThanOrEqual(20);
    expect(Math.abs(Number(mp3.format.duration) - talkDurationSec)).toBeLessThan(0.1);
    expect(Math.abs(Number(wav.format.duration) - talkDurationSec)).toBeLessThan(0.1);
    expect(mp3.streams).toEqual([
      expect.objectContaining({ codec_type: 'audio', codec_name: 'mp3' }),
    ]);
    expect(wav.streams).toEqual([
      expect.objectContaining({
        codec_type: 'audio',
        codec_name: 'pcm_s16le',
        sample_rate: '16000',
        channels: 1,
      }),
    ]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('records the step and the audio results in the manifest', async () => {
    // Prepare
    const job = await createValidatedJob('talk-manifest', talk);

    // Act
    await handler({ job, options: {} }, lambdaContext);

    // Assess
    const manifest = await manifestOf('talk-manifest');
    const step = manifest?.steps['audio-extraction'];
    expect(step?.status).toBe('succeeded');
    expect(step?.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 'succeeded' })]);
    const heads = await Promise.all(
      (step?.outputs ?? []).map(({ key }) => environment.dependencies.storage.head({ key })),
    );
    expect(step?.outputs).toEqual([
      {
        key: heads[0]?.key,
        bytes: heads[0]?.bytes,
        contentType: 'audio/mpeg',
        durationSec: expect.closeTo(talkDurationSec, 1),
      },
      {
        key: heads[1]?.key,
        bytes: heads[1]?.bytes,
        contentType: 'audio/wav',
        durationSec: expect.closeTo(talkDurationSec, 1),
      },
    ]);
    expect(manifest?.results.audio).toEqual({
      mp3Key: 'dev/acme/talk-manifest/audio/audio.mp3',
      wavKey: 'dev/acme/talk-manifest/audio/audio-16k.wav',
      durationSec: expect.closeTo(talkDurationSec, 1),
    });
  });

  it('cuts ceil(duration / segmentDurationSec) MP3 segments, none longer than segmentDurationSec, and reports progress', async () => {
    // Prepare
    const job = await createValidatedJob('talk-segments', talk);

    // Act
    const response: StepResponse = await handler(
      { job, options: { segmentDurationSec: 5 } },
      lambdaContext,
    );

    // Assess
    const expectedCount = Math.ceil(talkDurationSec / 5);
    const segmentKeys = response.outputs
      .map(({ key }) => key)
      .filter((key) => key.includes('/segments/'));
    expect(segmentKeys).toEqual(
      Array.from(
        { length: expectedCount },
        (_, index) =>
          `dev/acme/talk-segments/audio/segments/segment-${String(index).padStart(3, '0')}.mp3`,
      ),
    );
    const segmentDurations = await Promise.all(
      segmentKeys.map(async (key) => Number((await ffprobe(await download(key))).format.duration)),
    );
    for (const durationSec of segmentDurations) expect(durationSec).toBeLessThanOrEqual(5.1);
    expect(segmentDurations.reduce((total, durationSec) => total + durationSec, 0)).toBeCloseTo(
      talkDurationSec,
      0,
    );
    expect((await manifestOf('talk-segments'))?.results.audio?.segmentKeys).toEqual(segmentKeys);
    const percents = progress.map(({ percent }) => percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(new Set(progress.map(({ label }) => label))).toEqual(
      new Set(['mp3', 'wav', 'segments']),
    );
    expect(
      progress.every(({ type, step }) => type === 'reel:progress' && step === 'audio-extraction'),
    ).toBe(true);
  });

  it('extracts audio-only input as well', async () => {
    // Prepare
    const tone = await generateLavfiClip({
      outputPath: join(environment.fixturesDir, 'tone.wav'),
      durationSec: 2,
      audio: {},
    });
    const job = await createValidatedJob('audio-only', tone);

    // Act
    const response = await handler({ job, options: {} }, lambdaContext);

    // Assess
    expect(response.outputs).toHaveLength(2);
    const mp3 = await ffprobe(await download('dev/acme/audio-only/audio/audio.mp3'));
    expect(Number(mp3.format.duration)).toBeCloseTo(2, 1);
    expect((await manifestOf('audio-only'))?.results.audio?.durationSec).toBeCloseTo(2, 1);
  });

  it('refuses video-only input as UNSUPPORTED_MEDIA and writes nothing', async () => {
    // Prepare
    const silentVideo = await generateLavfiClip({
      outputPath: join(environment.fixturesDir, 'silent.mp4'),
      durationSec: 1,
      video: { width: 160, height: 120 },
    });
    const job = await createValidatedJob('video-only', silentVideo);

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'UnsupportedMediaError',
      message: expect.stringContaining('no audio stream'),
      advice: expect.stringContaining('audio track'),
    });
    const step = (await manifestOf('video-only'))?.steps['audio-extraction'];
    expect(step).toMatchObject({
      status: 'failed',
      outputs: [],
      error: { code: 'UNSUPPORTED_MEDIA' },
    });
    expect(
      await environment.dependencies.storage.list({ prefix: `${buildJobRootKey(job)}/audio/` }),
    ).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('leaves only the latest attempt’s outputs when a job is run again with other options', async () => {
    // Prepare
    const tone = await generateLavfiClip({
      outputPath: join(environment.fixturesDir, 'tone-12s.wav'),
      durationSec: 12,
      audio: {},
    });
    const job = await createValidatedJob('rerun', tone);
    await handler({ job, options: { segmentDurationSec: 5 } }, lambdaContext);

    // Act
    await handler({ job, options: { mp3BitrateKbps: 64 } }, lambdaContext);

    // Assess
    const stored = await environment.dependencies.storage.list({
      prefix: `${buildJobRootKey(job)}/audio/`,
    });
    expect(stored.map(({ key }) => key)).toEqual([
      'dev/acme/rerun/audio/audio-16k.wav',
      'dev/acme/rerun/audio/audio.mp3',
    ]);
    const manifest = await manifestOf('rerun');
    expect(manifest?.steps['audio-extraction']?.attempts.map(({ status }) => status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect(manifest?.results.audio?.segmentKeys).toBeUndefined();
    const mp3 = await ffprobe(await download('dev/acme/rerun/audio/audio.mp3'));
    expect(Number(mp3.format.bit_rate)).toBeCloseTo(64_000, -3);
  });

  it('refuses a segment length under 5 s before touching the job', async () => {
    // Prepare
    const tone = await generateLavfiClip({
      outputPath: join(environment.fixturesDir, 'tone-1s.wav'),
      durationSec: 1,
      audio: {},
    });
    const job = await createValidatedJob('bad-options', tone);

    // Act
    const failure = await handler({ job, options: { segmentDurationSec: 2 } }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('segmentDurationSec'),
    });
    expect((await manifestOf('bad-options'))?.steps).toEqual({});
  });
});
