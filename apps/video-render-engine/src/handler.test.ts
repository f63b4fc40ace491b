import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CutPlanSegment } from '@reel/cut-plan';
import { buildBrandingKey, buildJobRootKey } from '@reel/storage';
import { updateTenantSettings } from '@reel/tenant-settings';
import {
  captureProgress,
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  type CapturedProgress,
  type TestEnvironment,
} from '@reel/test-jobs';
import { parseSrt, transcriptSchema } from '@reel/transcript';
import {
  createRenderableJob,
  ffmpeg,
  generateSource,
  planOf,
  transcriptOf,
} from '../tests/support/seed-job';
import { createVideoRenderEngineHandler } from './handler';

const SOURCE_MS = 8000;
const FRAME_SEC = 1 / 25;
// Three cuts (1 s, 0.6 s, 1 s) on the 25 fps frame grid: 5.4 s kept in four spans.
const threeCuts: CutPlanSegment[] = [
  { startMs: 0, endMs: 1600, action: 'keep' },
  { startMs: 1600, endMs: 2600, action: 'cut', reason: 'silence' },
  { startMs: 2600, endMs: 4000, action: 'keep' },
  { startMs: 4000, endMs: 4600, action: 'cut', reason: 'filler' },
  { startMs: 4600, endMs: 6000, action: 'keep' },
  { startMs: 6000, endMs: 7000, action: 'cut', reason: 'repeat' },
  { startMs: 7000, endMs: SOURCE_MS, action: 'keep' },
];
const KEPT_SEC = 5.4;

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  duration?: string;
  r_frame_rate?: string;
}

async function probeStreams(path: string): Promise<ProbedStream[]> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path]);
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

/** The RGB of one pixel of the frame at `atSec` (a 1x1 crop). */
async function pixelAt(
  path: string,
  { atSec, x, y }: { atSec: number; x: number; y: number },
): Promise<number[]> {
  const { stdout } = await execa(
    'ffmpeg',
    [
      ...['-nostdin', '-v', 'error', '-ss', String(atSec), '-i', path, '-frames:v', '1'],
      ...['-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    ],
    { encoding: 'buffer' },
  );
  return [...stdout];
}

let sourceDir: string;
let sourcePath: string;
beforeAll(async () => {
  sourceDir = await mkdtemp(join(tmpdir(), 'reel-video-render-engine-source-'));
  sourcePath = join(sourceDir, 'source.mp4');
  await generateSource(sourcePath, SOURCE_MS / 1000);
});
afterAll(async () => rm(sourceDir, { recursive: true, force: true }));

describe('video-render-engine: the RenderVideo task', () => {
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createVideoRenderEngineHandler>;
  let progress: CapturedProgress;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'video-render-engine' });
    handler = createVideoRenderEngineHandler(() => environment.dependencies);
  });
  afterAll(async () => environment.cleanup());
  beforeEach(() => {
    progress = captureProgress();
  });
  afterEach(() => progress.restore());

  const manifestOf = (jobId: string) =>
    environment.dependencies.manifests.get({ tenantId: 'acme', jobId });
  const rendersOf = async (jobId: string) =>
    (
      await environment.dependencies.storage.list({
        prefix: `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId })}/renders/`,
      })
    ).map(({ key }) => key.split('/').at(-1));
  const download = async (key: string, name: string) => {
    const path = join(sourceDir, name);
    await environment.dependencies.storage.getToFile({ key, path });
    return path;
  };

  it('renders a plan with 3 cuts to the kept length, with re-timed subtitles, MP3 and the render record', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'three-cuts',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: transcriptOf(SOURCE_MS),
    });

    // Act
    const response = await handler(
      { job, options: { render: { video: { preset: 'ultrafast' } } }, step: 'video-render-engine' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const render = (await manifestOf('three-cuts'))?.results.render;
    expect(render).toMatchObject({
      videoKey: 'dev/acme/three-cuts/renders/render.mp4',
      srtKey: 'dev/acme/three-cuts/renders/render.srt',
      vttKey: 'dev/acme/three-cuts/renders/render.vtt',
      transcriptKey: 'dev/acme/three-cuts/renders/transcript.json',
      mp3Key: 'dev/acme/three-cuts/renders/episode.mp3',
      previewKey: 'dev/acme/three-cuts/renders/removed-preview.mp4',
      width: 640,
      height: 360,
      videoCodec: 'h264',
      audioCodec: 'aac',
      frameRate: { num: 25, den: 1 },
      planKey: 'dev/acme/three-cuts/plan/cut-plan.json',
      planVersion: 1,
      mode: 'cut',
      options: { video: { preset: 'ultrafast', crf: 20 } },
    });
    expect(
      render?.pieces.map(({ sourceStartSec, sourceEndSec }) => [sourceStartSec, sourceEndSec]),
    ).toEqual([
      [0, 1.6],
      [2.6, 4],
      [4.6, 6],
      [7, 8],
    ]);
    expect(render?.removedSec).toBeCloseTo(2.6, 6);

    const video = await download(render!.videoKey, 'three-cuts.mp4');
    const streams = await probeStreams(video);
    const videoStream = streams.find(({ codec_type }) => codec_type === 'video');
    const audioStream = streams.find(({ codec_type }) => codec_type === 'audio');
    expect(streams).toHaveLength(2);
    expect(videoStream).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(Math.abs(Number(videoStream?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(Math.abs(Number(audioStream?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);

    // The word at 3.55–3.9 s plays 1 s earlier (the first cut); the one at 1.55–1.9 s is cut.
    const cues = parseSrt(await readStoredText(environment.dependencies.storage, render!.srtKey!));
    expect(cues.length).toBeGreaterThan(0);
    expect(cues.every(({ endMs }) => endMs <= KEPT_SEC * 1000 + 1)).toBe(true);
    const edited = transcriptSchema.parse(
      JSON.parse(await readStoredText(environment.dependencies.storage, render!.transcriptKey!)),
    );
    const word7 = edited.words.find(({ text }) => text === 'word7');
    expect(word7?.startMs).toBe(2550);
    expect(edited.words.some(({ text }) => text === 'word3')).toBe(false);

    const mp3 = await download(render!.mp3Key!, 'three-cuts.mp3');
    const [mp3Stream] = await probeStreams(mp3);
    expect(mp3Stream?.codec_name).toBe('mp3');
    expect(Math.abs(Number(mp3Stream?.duration) - KEPT_SEC)).toBeLessThan(0.1);

    // The preview plays the three removed spans (1 s, 0.6 s, 1 s), a frame each at most off.
    const preview = await download(render!.previewKey!, 'three-cuts-preview.mp4');
    const previewVideo = (await probeStreams(preview)).find(
      ({ codec_type }) => codec_type === 'video',
    );
    expect(previewVideo).toMatchObject({ codec_name: 'h264', height: 240 });
    expect(Math.abs(Number(previewVideo?.duration) - 2.6)).toBeLessThanOrEqual(3 * FRAME_SEC);

    const percents = progress.messages.map(({ percent }) => percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((percent, index) => index === 0 || percent >= percents[index - 1]!)).toBe(
      true,
    );
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('lays the tenant’s watermark over the cut and puts its intro (other size, fps, rate) before it, subtitles shifted by the intro', async () => {
    // Prepare: tenant brand's watermark (solid red) and a 1 s 320x240 30 fps 44.1 kHz mono intro
    const { storage, tenantSettings, runtime } = environment.dependencies;
    const logoPath = join(sourceDir, 'logo.png');
    const introPath = join(sourceDir, 'intro.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=red:s=64x32', '-frames:v', '1', '-y', logoPath]);
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30:duration=1'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=880:sample_rate=44100:duration=1'],
      ...['-ac', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-y', introPath],
    ]);
    const logoKey = buildBrandingKey({ env: 'dev', tenantId: 'brand', name: 'logo.png' });
    const introKey = buildBrandingKey({ env: 'dev', tenantId: 'brand', name: 'intro.mp4' });
    await storage.putFile({ key: logoKey, path: logoPath });
    await storage.putFile({ key: introKey, path: introPath });
    await updateTenantSettings(tenantSettings, {
      tenantId: 'brand',
      platformGuardrails: runtime.guardrails,
      mutate: (draft) => {
        draft.branding = { watermarkKey: logoKey, introKey };
        return draft;
      },
    });
    const job = await createRenderableJob(environment, {
      jobId: 'branded',
      tenantId: 'brand',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: transcriptOf(SOURCE_MS),
    });
    const introSec = (await runtime.probe({ input: introPath })).durationSec;

    // Act
    await handler(
      {
        job,
        options: {
          render: {
            video: { preset: 'ultrafast' },
            watermark: { opacity: 1 },
            subtitles: { mode: 'both' },
            podcast: { use: false },
            preview: { use: false },
          },
        },
      },
      lambdaContext,
    );

    // Assess: one picture and one sound, 640x360 at a constant 25 fps, intro + kept long
    const render = (
      await environment.dependencies.manifests.get({ tenantId: 'brand', jobId: 'branded' })
    )?.results.render;
    const video = await download(render!.videoKey, 'branded.mp4');
    const streams = await probeStreams(video);
    expect(streams.map(({ codec_type }) => codec_type).sort()).toEqual(['audio', 'video']);
    const picture = streams.find(({ codec_type }) => codec_type === 'video');
    expect(picture).toMatchObject({ width: 640, height: 360, r_frame_rate: '25/1' });
    expect(Math.abs(Number(picture?.duration) - (introSec + KEPT_SEC))).toBeLessThanOrEqual(
      2 * FRAME_SEC,
    );
    // The watermark's box (top-right) is red during the programme.
    const [red, green, blue] = await pixelAt(video, { atSec: introSec + 3, x: 579, y: 33 });
    expect(red! - Math.max(green!, blue!)).toBeGreaterThan(120);
    // Burnt in and beside the render: word7 (3.55 s in the source) is 1 s earlier, after the intro.
    const edited = transcriptSchema.parse(
      JSON.parse(await readStoredText(storage, render!.transcriptKey!)),
    );
    const word7 = edited.words.find(({ text }) => text === 'word7');
    expect(Math.abs(word7!.startMs - (2550 + introSec * 1000))).toBeLessThanOrEqual(1);
    expect(render?.srtKey).toBeDefined();
    expect(await environment.scratchLeft()).toEqual([]);
  });

  const chunkedOptions = {
    render: {
      video: { preset: 'ultrafast' },
      chunking: { chunkCount: 2 },
      subtitles: { mode: 'burn' },
      podcast: { use: false },
      preview: { use: false },
    },
  };
  const chunkKeysOf = async (jobId: string) =>
    (
      await environment.dependencies.storage.list({
        prefix: `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId })}/renders/chunks/`,
      })
    ).map(({ key }) => key);

  it('renders in 2 forced chunks through its phases (prepare → chunks at once → finish) to the one-pass length and frame count', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'chunked',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: transcriptOf(SOURCE_MS),
    });
    const event = { job, options: chunkedOptions, step: 'video-render-engine' };

    // Act
    const prepared = await handler({ ...event, phase: 'prepare' }, lambdaContext);
    const attemptAfterPrepare = (await manifestOf('chunked'))?.steps['video-render-engine'];
    const chunks = await Promise.all(
      [0, 1].map((chunk) =>
        handler({ ...event, phase: 'chunk', chunk, chunkCount: 2 }, lambdaContext),
      ),
    );
    const storedChunks = await chunkKeysOf('chunked');
    const finished = await handler({ ...event, phase: 'finish', chunkCount: 2 }, lambdaContext);

    // Assess
    expect(prepared).toEqual({
      step: 'video-render-engine',
      status: 'chunked',
      chunked: true,
      chunkCount: 2,
      chunks: [{ index: 0 }, { index: 1 }],
    });
    expect(attemptAfterPrepare?.status).toBe('running');
    expect(chunks.map((response) => response.status)).toEqual(['chunk-done', 'chunk-done']);
    expect(storedChunks).toEqual([
      `dev/acme/chunked/renders/chunks/${job.runId}/chunk-000.mp4`,
      `dev/acme/chunked/renders/chunks/${job.runId}/chunk-001.mp4`,
    ]);
    expect(finished.status).toBe('succeeded');
    const manifest = await manifestOf('chunked');
    expect(manifest?.steps['video-render-engine']).toMatchObject({
      status: 'succeeded',
      attempts: [{ status: 'succeeded' }],
    });
    const render = manifest?.results.render;
    expect(render?.srtKey).toBeUndefined();
    const video = await download(render!.videoKey, 'chunked.mp4');
    const { stdout } = await execa('ffprobe', [
      ...[
        '-v',
        'error',
        '-count_frames',
        '-show_entries',
        'stream=codec_type,duration,nb_read_frames',
      ],
      ...['-of', 'json', video],
    ]);
    const streams = (
      JSON.parse(stdout) as {
        streams: Array<{ codec_type: string; duration: string; nb_read_frames?: string }>;
      }
    ).streams;
    const picture = streams.find(({ codec_type }) => codec_type === 'video');
    const sound = streams.find(({ codec_type }) => codec_type === 'audio');
    expect(Number(picture?.nb_read_frames)).toBe(Math.round(KEPT_SEC * 25));
    expect(Math.abs(Number(picture?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(Math.abs(Number(sound?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(await chunkKeysOf('chunked')).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('closes the attempt failed with the chunk’s typed error when a chunk fails, leaving no chunk stored', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'chunk-fails',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
    });
    const event = { job, options: chunkedOptions, step: 'video-render-engine' };
    await handler({ ...event, phase: 'prepare' }, lambdaContext);
    await handler({ ...event, phase: 'chunk', chunk: 0, chunkCount: 2 }, lambdaContext);

    // Act: chunk 1 failed (as the Map's Catch reports it), then a late chunk call arrives.
    const abandoned = await handler(
      {
        ...event,
        phase: 'abandon',
        chunkCount: 2,
        failure: {
          Error: 'CorruptInputError',
          Cause: JSON.stringify({
            errorType: 'CorruptInputError',
            errorMessage: 'chunk 1 decoded short',
          }),
        },
      },
      lambdaContext,
    );
    const late = await handler(
      { ...event, phase: 'chunk', chunk: 1, chunkCount: 2 },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    expect(abandoned).toMatchObject({ status: 'abandoned' });
    expect((await manifestOf('chunk-fails'))?.steps['video-render-engine']).toMatchObject({
      status: 'failed',
      attempts: [{ status: 'failed', error: { code: 'CORRUPT_INPUT' } }],
      error: { code: 'CORRUPT_INPUT', message: 'chunk 1 decoded short' },
    });
    expect(late).toMatchObject({ name: 'ConflictError' });
    expect(await chunkKeysOf('chunk-fails')).toEqual([]);
    expect(await rendersOf('chunk-fails')).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('refuses out-of-range options with INVALID_REQUEST before any download, storing nothing', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'bad-options',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
    });

    // Act
    const failure = await handler(
      { job, options: { render: { video: { crf: 99 }, subtitle: {} } } },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('video.crf'),
    });
    expect((await manifestOf('bad-options'))?.steps['video-render-engine']).toMatchObject({
      status: 'failed',
      outputs: [],
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await rendersOf('bad-options')).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('refuses a plan that points past the end of the source, storing nothing', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'past-end',
      inputPath: sourcePath,
      plan: planOf(12_000, [
        { startMs: 0, endMs: 3000, action: 'keep' },
        { startMs: 3000, endMs: 4000, action: 'cut', reason: 'silence' },
        { startMs: 4000, endMs: 12_000, action: 'keep' },
      ]),
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({ name: 'InvalidRequestError' });
    expect((await manifestOf('past-end'))?.steps['video-render-engine']?.error?.code).toBe(
      'INVALID_REQUEST',
    );
    expect(await rendersOf('past-end')).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('records INPUT_MISSING, pointing at the planner, when the job has no plan', async () => {
    // Prepare
    const job = await createRenderableJob(environment, { jobId: 'no-plan', inputPath: sourcePath });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InputMissingError',
      advice: expect.stringContaining('smart-cut-planner'),
    });
    expect((await manifestOf('no-plan'))?.steps['video-render-engine']?.error?.code).toBe(
      'INPUT_MISSING',
    );
    expect(await rendersOf('no-plan')).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });
});
