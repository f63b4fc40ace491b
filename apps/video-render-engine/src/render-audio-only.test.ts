import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildJobRootKey } from '@reel/storage';
import {
  captureProgress,
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  type CapturedProgress,
  type TestEnvironment,
} from '@reel/test-jobs';
import { parseSrt, transcriptSchema, type Transcript } from '@reel/transcript';
import { KEPT_SEC, SOURCE_MS, threeCuts } from '../tests/support/render-fixtures';
import { createRenderableJob, ffmpeg, planOf, transcriptOf } from '../tests/support/seed-job';
import { createVideoRenderEngineHandler } from './handler';

/** Seconds of sound a file decodes to (the MP3's encoder delay and padding honoured). */
async function decodedSec(path: string): Promise<number> {
  const { stdout } = await execa(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-i', path, '-ac', '1', '-ar', '48000', '-f', 's16le', '-'],
    { encoding: 'buffer' },
  );
  return stdout.length / 2 / 48_000;
}

/** Integrated loudness (LUFS) as ebur128 measures it. */
async function integratedLufs(path: string): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-nostats', '-i', path, '-af', 'ebur128'],
    ...['-f', 'null', '-'],
  ]);
  const match = /I:\s+(-?[\d.]+) LUFS/.exec(stderr.split('Summary:').at(-1) ?? '');
  return Number(match?.[1]);
}

/** The transcript with its words read in phrases of two (one subtitle cue each). */
function inPhrases(transcript: Transcript): Transcript {
  const segments = transcript.words.flatMap((word, index, words) => {
    const next = words[index + 1];
    if (index % 2 !== 0 || next === undefined) return [];
    const text = `${word.text} ${next.text}`;
    return [
      {
        startMs: word.startMs,
        endMs: next.endMs,
        text,
        firstWordIndex: index,
        endWordIndex: index + 2,
      },
    ];
  });
  return { ...transcript, segments };
}

let sourceDir: string;
let sourcePath: string;
beforeAll(async () => {
  sourceDir = await mkdtemp(join(tmpdir(), 'reel-video-render-engine-audio-only-'));
  sourcePath = join(sourceDir, 'episode.m4a');
  // A quiet (about −35 LUFS) mono 44.1 kHz podcast: a tone that pauses every other second.
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=44100:duration=${SOURCE_MS / 1000}`],
    ...['-af', 'volume=0.02*lt(mod(t\\,2)\\,1.4):eval=frame', '-ac', '1'],
    ...['-c:a', 'aac', '-b:a', '96k', '-y', sourcePath],
  ]);
});
afterAll(async () => rm(sourceDir, { recursive: true, force: true }));

describe('video-render-engine: an audio-only source', () => {
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createVideoRenderEngineHandler>;
  let progress: CapturedProgress;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'video-render-engine-audio-only' });
    handler = createVideoRenderEngineHandler(() => environment.dependencies);
  });
  afterAll(async () => environment.cleanup());
  beforeEach(() => {
    progress = captureProgress();
  });
  afterEach(() => progress.restore());

  const rendersOf = async (jobId: string) =>
    (
      await environment.dependencies.storage.list({
        prefix: `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId })}/renders/`,
      })
    )
      .map(({ key }) => key.split('/').at(-1))
      .sort();

  it('renders the edited episode as a −16 LUFS MP3 of the kept length with re-timed subtitles', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'podcast',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: inPhrases(transcriptOf(SOURCE_MS)),
    });

    // Act
    const response = await handler(
      { job, options: { render: {} }, step: 'video-render-engine' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    expect(await rendersOf('podcast')).toEqual([
      'episode.mp3',
      'render.srt',
      'render.vtt',
      'transcript.json',
    ]);
    const manifest = await environment.dependencies.manifests.get({
      tenantId: 'acme',
      jobId: 'podcast',
    });
    const render = manifest?.results.render;
    expect(render).toMatchObject({
      mp3Key: 'dev/acme/podcast/renders/episode.mp3',
      srtKey: 'dev/acme/podcast/renders/render.srt',
      vttKey: 'dev/acme/podcast/renders/render.vtt',
      transcriptKey: 'dev/acme/podcast/renders/transcript.json',
      audioCodec: 'mp3',
      planKey: 'dev/acme/podcast/plan/cut-plan.json',
      planVersion: 1,
      mode: 'cut',
    });
    for (const field of ['videoKey', 'width', 'height', 'videoCodec', 'frameRate']) {
      expect(render).not.toHaveProperty(field);
    }
    expect(render?.pieces.map(({ sourceStartSec }) => sourceStartSec)).toEqual([0, 2.6, 4.6, 7]);
    expect(render?.removedSec).toBeCloseTo(2.6, 6);

    const mp3Path = join(sourceDir, 'podcast.mp3');
    await environment.dependencies.storage.getToFile({ key: render!.mp3Key!, path: mp3Path });
    expect(Math.abs((await decodedSec(mp3Path)) - KEPT_SEC)).toBeLessThanOrEqual(0.05);
    expect(Math.abs((await integratedLufs(mp3Path)) - -16)).toBeLessThanOrEqual(1);

    // word7 (3.55 s) plays 1 s earlier (after the first cut); word3 (1.55 s) was cut.
    const cues = parseSrt(await readStoredText(environment.dependencies.storage, render!.srtKey!));
    expect(cues.length).toBeGreaterThan(0);
    expect(cues.every(({ endMs }) => endMs <= KEPT_SEC * 1000 + 1)).toBe(true);
    // Phrases of two words starting at 0.05, 3.05, 5.05 and 7.05 s move up by 0, 1, 1.6 and 2.6 s.
    const starts = cues.map(({ startMs }) => startMs);
    expect(starts).toEqual(expect.arrayContaining([50, 2050, 3450, 4450]));
    expect(cues.flatMap(({ lines }) => lines).join(' ')).not.toMatch(/word1[23]\b/);
    const edited = transcriptSchema.parse(
      JSON.parse(await readStoredText(environment.dependencies.storage, render!.transcriptKey!)),
    );
    expect(edited.words.find(({ text }) => text === 'word7')?.startMs).toBe(2550);
    expect(edited.words.some(({ text }) => text === 'word3')).toBe(false);

    const percents = progress.messages.map(({ percent }) => percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((percent, index) => index === 0 || percent >= percents[index - 1]!)).toBe(
      true,
    );
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('writes the episode even with podcast.use off, sidecars for burn, and keeps the length in mute mode', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'podcast-muted',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: inPhrases(transcriptOf(SOURCE_MS)),
    });
    const render = { mode: 'mute', podcast: { use: false }, subtitles: { mode: 'burn' } } as const;

    // Act
    const response = await handler(
      { job, options: { render }, step: 'video-render-engine' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    expect(await rendersOf('podcast-muted')).toEqual([
      'episode.mp3',
      'render.srt',
      'render.vtt',
      'transcript.json',
    ]);
    const manifest = await environment.dependencies.manifests.get({
      tenantId: 'acme',
      jobId: 'podcast-muted',
    });
    const mp3Path = join(sourceDir, 'podcast-muted.mp3');
    await environment.dependencies.storage.getToFile({
      key: manifest!.results.render!.mp3Key!,
      path: mp3Path,
    });
    expect(manifest?.results.render?.mode).toBe('mute');
    expect(Math.abs((await decodedSec(mp3Path)) - SOURCE_MS / 1000)).toBeLessThanOrEqual(0.05);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('refuses a plan that runs past the end of the sound, leaving nothing', async () => {
    // Prepare
    const job = await createRenderableJob(environment, {
      jobId: 'podcast-past-end',
      inputPath: sourcePath,
      plan: planOf(SOURCE_MS + 2000, [
        { startMs: 0, endMs: 4000, action: 'keep' },
        { startMs: 4000, endMs: SOURCE_MS + 2000, action: 'cut', reason: 'silence' },
      ]),
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('past the source'),
    });
    const manifest = await environment.dependencies.manifests.get({
      tenantId: 'acme',
      jobId: 'podcast-past-end',
    });
    expect(manifest?.steps['video-render-engine']?.error?.code).toBe('INVALID_REQUEST');
    expect(await rendersOf('podcast-past-end')).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });
});
