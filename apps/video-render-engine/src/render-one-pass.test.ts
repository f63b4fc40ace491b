import { describe, expect, it } from 'vitest';
import { lambdaContext, readStoredText } from '@reel/test-jobs';
import { parseSrt, transcriptSchema } from '@reel/transcript';
import { createRenderableJob, planOf, transcriptOf } from '../tests/support/seed-job';
import {
  FRAME_SEC,
  KEPT_SEC,
  SOURCE_MS,
  brandTenant,
  download,
  manifestOf,
  pixelAt,
  probeStreams,
  threeCuts,
  useRenderSuite,
} from '../tests/support/render-fixtures';

const suite = useRenderSuite('video-render-engine-one-pass');

const cutSpansMs = threeCuts
  .filter(({ action }) => action === 'cut')
  .map(({ startMs, endMs }) => ({ startMs, endMs }));

/** Where a source instant plays once the cuts are out: a start inside a cut moves to its end. */
function expectedOutputMs(sourceMs: number): number {
  const inCut = cutSpansMs.find(({ startMs, endMs }) => sourceMs >= startMs && sourceMs < endMs);
  const playedMs = inCut?.endMs ?? sourceMs;
  const removedBeforeMs = cutSpansMs
    .filter(({ endMs }) => endMs <= playedMs)
    .reduce((sum, { startMs, endMs }) => sum + endMs - startMs, 0);
  return playedMs - removedBeforeMs;
}

describe('video-render-engine: a one-pass render', () => {
  it('renders a plan with 3 cuts to the kept length, with re-timed subtitles, MP3 and the render record', async () => {
    // Prepare
    const transcript = transcriptOf(SOURCE_MS);
    const job = await createRenderableJob(suite.environment, {
      jobId: 'three-cuts',
      inputPath: suite.sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript,
    });

    // Act
    const response = await suite.handler(
      { job, options: { render: { video: { preset: 'ultrafast' } } }, step: 'video-render-engine' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const render = (await manifestOf(suite, 'three-cuts'))?.results.render;
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

    const video = await download(suite, render?.videoKey, 'three-cuts.mp4');
    const streams = await probeStreams(video);
    const videoStream = streams.find(({ codec_type }) => codec_type === 'video');
    const audioStream = streams.find(({ codec_type }) => codec_type === 'audio');
    expect(streams).toHaveLength(2);
    expect(videoStream).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(Math.abs(Number(videoStream?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(Math.abs(Number(audioStream?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);

    const mp3 = await download(suite, render?.mp3Key, 'three-cuts.mp3');
    const [mp3Stream] = await probeStreams(mp3);
    expect(mp3Stream?.codec_name).toBe('mp3');
    expect(Math.abs(Number(mp3Stream?.duration) - KEPT_SEC)).toBeLessThan(0.1);

    // The preview plays the three removed spans (1 s, 0.6 s, 1 s), a frame each at most off.
    const preview = await download(suite, render?.previewKey, 'three-cuts-preview.mp4');
    const previewVideo = (await probeStreams(preview)).find(
      ({ codec_type }) => codec_type === 'video',
    );
    expect(previewVideo).toMatchObject({ codec_name: 'h264', height: 240 });
    expect(Math.abs(Number(previewVideo?.duration) - 2.6)).toBeLessThanOrEqual(3 * FRAME_SEC);

    const percents = suite.progress.messages.map(({ percent }) => percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents.every((percent, index) => index === 0 || percent >= percents[index - 1]!)).toBe(
      true,
    );
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('re-times every stored subtitle cue by the time removed before it, none in a removed span', async () => {
    // Prepare
    const transcript = transcriptOf(SOURCE_MS);
    const job = await createRenderableJob(suite.environment, {
      jobId: 'retimed-cues',
      inputPath: suite.sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript,
    });

    // Act
    await suite.handler(
      {
        job,
        options: {
          render: {
            video: { preset: 'ultrafast' },
            podcast: { use: false },
            preview: { use: false },
          },
        },
      },
      lambdaContext,
    );

    // Assess: each cue starts where its first word's kept start plays (the source word's start,
    // or the end of the cut it starts in, minus the time cut before), within a frame, and maps back
    // through the recorded pieces into kept source time.
    const { storage } = suite.environment.dependencies;
    const render = (await manifestOf(suite, 'retimed-cues'))?.results.render;
    const cues = parseSrt(await readStoredText(storage, render!.srtKey!));
    const sourceWords = new Map(transcript.words.map((word) => [word.text, word]));
    const keptWords = transcript.words.filter(({ startMs, endMs }) => {
      const playedMs = cutSpansMs.reduce(
        (left, cut) =>
          left - Math.max(0, Math.min(endMs, cut.endMs) - Math.max(startMs, cut.startMs)),
        endMs - startMs,
      );
      return playedMs >= (endMs - startMs) / 2;
    });
    const cueWords = cues.flatMap(({ lines }) => lines.join(' ').split(/\s+/));
    expect(cueWords).toEqual(keptWords.map(({ text }) => text));
    for (const cue of cues) {
      const firstWord = sourceWords.get(cue.lines.join(' ').split(/\s+/)[0]!);
      expect(firstWord).toBeDefined();
      expect(Math.abs(cue.startMs - expectedOutputMs(firstWord!.startMs))).toBeLessThanOrEqual(
        FRAME_SEC * 1000,
      );
      const startSec = cue.startMs / 1000;
      const piece = render!.pieces.find(
        ({ outputStartSec, outputDurationSec }) =>
          startSec >= outputStartSec - FRAME_SEC && startSec < outputStartSec + outputDurationSec,
      );
      expect(piece).toBeDefined();
      const sourceMs =
        (piece!.sourceStartSec + Math.max(0, startSec - piece!.outputStartSec)) * 1000;
      const inCut = cutSpansMs.some(
        ({ startMs, endMs }) => sourceMs > startMs + 1 && sourceMs < endMs - 1,
      );
      expect(inCut).toBe(false);
      expect(cue.endMs).toBeLessThanOrEqual(KEPT_SEC * 1000 + 1);
    }
    const edited = transcriptSchema.parse(
      JSON.parse(await readStoredText(storage, render!.transcriptKey!)),
    );
    expect(edited.words.find(({ text }) => text === 'word7')?.startMs).toBe(2550);
    expect(edited.words.some(({ text }) => text === 'word3')).toBe(false);
  });

  it('lays the tenant’s watermark over the cut and puts its intro (other size, fps, rate) before it, subtitles shifted by the intro', async () => {
    // Prepare: tenant brand's watermark (solid red) and a 1 s 320x240 30 fps 44.1 kHz mono intro
    const { introSec } = await brandTenant(suite, { tenantId: 'brand' });
    const job = await createRenderableJob(suite.environment, {
      jobId: 'branded',
      tenantId: 'brand',
      inputPath: suite.sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: transcriptOf(SOURCE_MS),
    });

    // Act
    await suite.handler(
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
    const render = (await manifestOf(suite, 'branded', 'brand'))?.results.render;
    const video = await download(suite, render?.videoKey, 'branded.mp4');
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
      JSON.parse(
        await readStoredText(suite.environment.dependencies.storage, render!.transcriptKey!),
      ),
    );
    const word7 = edited.words.find(({ text }) => text === 'word7');
    expect(Math.abs(word7!.startMs - (2550 + introSec * 1000))).toBeLessThanOrEqual(1);
    expect(render?.srtKey).toBeDefined();
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });
});
