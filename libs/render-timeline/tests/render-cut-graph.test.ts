import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CutPlanSegment } from '@reel/cut-plan';
import { InvalidRequestError, isReelError } from '@reel/error-taxonomy';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import { generateFrameCounterSource, readFrameNumbers } from '@reel/sample-media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderGraph, buildRenderTimeline, type RenderTimeline } from '../src';
import {
  decodeMonoSamples,
  maxStepAround,
  peakAbs,
  toneFrequencyHz,
} from './support/audio-measures';

const FPS = 25;
const FRAME_SEC = 1 / FPS;
const SOURCE_SEC = 20;
const TONE_HZ = 440;
const runtime = createFfmpegRuntime();
let dir: string;
let source: string;

const keep = (startMs: number, endMs: number): CutPlanSegment => ({
  startMs,
  endMs,
  action: 'keep',
});
const cut = (startMs: number, endMs: number): CutPlanSegment => ({ startMs, endMs, action: 'cut' });
// Cut points off the 440 Hz period and off whole frames: every join is a phase step unless faded.
const SEGMENTS = [
  keep(0, 2130),
  cut(2130, 5070),
  keep(5070, 8310),
  cut(8310, 9990),
  keep(9990, 13170),
  cut(13170, 15500),
  keep(15500, 20000),
];

async function render(optionsInput: RenderOptionsInput, name: string, segments = SEGMENTS) {
  const options = renderOptionsSchema.parse(optionsInput);
  const timeline = buildRenderTimeline({
    plan: { mode: 'cut', segments },
    frameRate: { num: FPS, den: 1 },
    sourceDurationSec: SOURCE_SEC,
    options,
  });
  const graph = buildRenderGraph({
    timeline,
    source: { width: 640, height: 360, hasAudio: true },
    options,
  });
  const output = join(dir, `${name}.mp4`);
  const percents: number[] = [];
  const run = await runtime.renderGraph({
    inputs: [{ path: source, inputLabel: 'counter.mp4' }],
    filterScript: graph.filterScript,
    videoOut: graph.videoOut,
    audioOut: graph.audioOut,
    scratchDir: dir,
    output,
    expectedDurationSec: graph.outputDurationSec,
    preset: 'ultrafast',
    onProgress: ({ percent }) => percents.push(percent),
  });
  return { timeline, graph, output, percents, ...run };
}

function streamDurations(summary: Awaited<ReturnType<typeof render>>['summary']) {
  const of = (type: string) =>
    summary.streams.find((stream) => stream.type === type)?.durationSec ?? Number.NaN;
  return { videoSec: of('video'), audioSec: of('audio') };
}

function joinsOf(timeline: RenderTimeline): number[] {
  return timeline.pieces.slice(1).map((piece) => piece.outputStartSec);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reel-render-test-'));
  source = await generateFrameCounterSource({
    outputPath: join(dir, 'counter.mp4'),
    durationSec: SOURCE_SEC,
    toneHz: TONE_HZ,
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Render: hard cuts', () => {
  it('plays exactly the kept frames, in order, with sound as long as the picture and no click at the joins', async () => {
    // Act
    const faded = await render({ joinFadeMs: 5 }, 'cuts-faded');
    const unfaded = await render({ joinFadeMs: 0 }, 'cuts-unfaded');
    // Assess: the frames are the kept ranges, each join's first frame the expected source frame
    const expectedFrames = faded.timeline.pieces.flatMap((piece) =>
      Array.from(
        { length: piece.sourceEndFrame - piece.sourceStartFrame },
        (_, index) => piece.sourceStartFrame + index,
      ),
    );
    expect(expectedFrames.slice(0, 3)).toEqual([0, 1, 2]);
    expect(faded.timeline.pieces.map((piece) => piece.sourceStartFrame)).toEqual([
      0, 127, 250, 388,
    ]);
    expect(await readFrameNumbers(faded.output)).toEqual(expectedFrames);
    // Snapped to the 25 fps grid: 53 + 81 + 79 + 112 frames (13.05 s asked, 13.00 s on the grid).
    const keptSec = expectedFrames.length / FPS;
    expect(keptSec).toBeCloseTo(13, 9);
    expect(Math.abs(faded.summary.durationSec - keptSec)).toBeLessThanOrEqual(FRAME_SEC);
    const { videoSec, audioSec } = streamDurations(faded.summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(FRAME_SEC);
    // Assess: a 0.5-amplitude 440 Hz sine steps at most 0.029 between samples; a raw join steps
    // up to 1. Within 3 ms of each join the faded render stays near the sine's own slope.
    const fadedSamples = await decodeMonoSamples(runtime, faded.output, dir);
    const unfadedSamples = await decodeMonoSamples(runtime, unfaded.output, dir);
    const fadedSteps = joinsOf(faded.timeline).map((atSec) =>
      maxStepAround(fadedSamples, atSec, 0.003),
    );
    const unfadedSteps = joinsOf(faded.timeline).map((atSec) =>
      maxStepAround(unfadedSamples, atSec, 0.003),
    );
    for (const step of fadedSteps) expect(step).toBeLessThan(0.06);
    expect(Math.max(...unfadedSteps)).toBeGreaterThan(0.15);
    // Assess: progress
    expect(faded.percents.at(-1)).toBe(100);
    expect(
      faded.percents.every(
        (percent, index) => index === 0 || percent > (faded.percents[index - 1] ?? 0),
      ),
    ).toBe(true);
  });

  it('renders hundreds of cuts in one graph, frame-exact', async () => {
    // 160 kept spans of 60 ms between cuts of 65 ms: the graph has hundreds of joins.
    const segments = Array.from({ length: 320 }, (_, index) => {
      const startMs = Math.floor(index / 2) * 125 + (index % 2) * 60;
      const endMs = index === 319 ? 20_000 : startMs + (index % 2 === 0 ? 60 : 65);
      return index % 2 === 0 ? keep(startMs, endMs) : cut(startMs, endMs);
    });
    const rendered = await render({}, 'many-cuts', segments);
    expect(rendered.timeline.pieces.length).toBe(160);
    const expectedFrames = rendered.timeline.pieces.flatMap((piece) =>
      Array.from(
        { length: piece.sourceEndFrame - piece.sourceStartFrame },
        (_, index) => piece.sourceStartFrame + index,
      ),
    );
    expect(await readFrameNumbers(rendered.output)).toEqual(expectedFrames);
    const { videoSec, audioSec } = streamDurations(rendered.summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(FRAME_SEC);
  });
});

describe('Render: 29.97 fps', () => {
  it('cuts on the 30000/1001 grid, frame-exact, sound as long as the picture', async () => {
    // Prepare
    const ntsc = await generateFrameCounterSource({
      outputPath: join(dir, 'counter-ntsc.mp4'),
      durationSec: 8,
      fps: '30000/1001',
    });
    const options = renderOptionsSchema.parse({});
    const timeline = buildRenderTimeline({
      plan: {
        mode: 'cut',
        segments: [
          keep(0, 1500),
          cut(1500, 3210),
          keep(3210, 5555),
          cut(5555, 6000),
          keep(6000, 8008),
        ],
      },
      frameRate: { num: 30000, den: 1001 },
      sourceDurationSec: 8.008,
      options,
    });
    const graph = buildRenderGraph({
      timeline,
      source: { width: 640, height: 360, hasAudio: true },
      options,
    });
    // Act
    const { summary } = await runtime.renderGraph({
      inputs: [{ path: ntsc }],
      filterScript: graph.filterScript,
      videoOut: graph.videoOut,
      audioOut: graph.audioOut,
      scratchDir: dir,
      output: join(dir, 'ntsc.mp4'),
      expectedDurationSec: graph.outputDurationSec,
      preset: 'ultrafast',
    });
    // Assess
    const expectedFrames = timeline.pieces.flatMap((piece) =>
      Array.from(
        { length: piece.sourceEndFrame - piece.sourceStartFrame },
        (_, index) => piece.sourceStartFrame + index,
      ),
    );
    expect(timeline.pieces.map((piece) => piece.sourceStartFrame)).toEqual([0, 96, 180]);
    expect(await readFrameNumbers(join(dir, 'ntsc.mp4'))).toEqual(expectedFrames);
    const { videoSec, audioSec } = streamDurations(summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(1001 / 30000);
    expect(Math.abs(summary.durationSec - timeline.mainDurationSec)).toBeLessThanOrEqual(
      1001 / 30000,
    );
  });
});

describe('Render: transitions', () => {
  it('lasts the kept time minus one transition per join', async () => {
    const rendered = await render({ transition: { type: 'fade', durationMs: 500 } }, 'fade');
    const keptSec = 13; // on the frame grid, see the hard cuts
    expect(Math.abs(rendered.summary.durationSec - (keptSec - 3 * 0.5))).toBeLessThanOrEqual(
      FRAME_SEC,
    );
    const { videoSec, audioSec } = streamDurations(rendered.summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(FRAME_SEC);
    // The middle of a span is untouched by the fades: the source frame plays there.
    const frames = await readFrameNumbers(rendered.output);
    const second = rendered.timeline.pieces[1];
    const middleFrame = Math.round(((second?.outputStartSec ?? 0) + 1.6) * FPS);
    expect(frames[middleFrame]).toBe((second?.sourceStartFrame ?? 0) + 1.6 * FPS);
  });
});

describe('Render: mute mode', () => {
  it('keeps the source length and silences the cut spans', async () => {
    const rendered = await render({ mode: 'mute' }, 'mute');
    expect(Math.abs(rendered.summary.durationSec - SOURCE_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(await readFrameNumbers(rendered.output)).toEqual(
      Array.from({ length: SOURCE_SEC * FPS }, (_, index) => index),
    );
    const muted = await decodeMonoSamples(runtime, rendered.output, dir, {
      startSec: 2.2,
      endSec: 5.0,
    });
    const kept = await decodeMonoSamples(runtime, rendered.output, dir, {
      startSec: 5.2,
      endSec: 8.2,
    });
    expect(peakAbs(muted)).toBeLessThan(0.003);
    expect(peakAbs(kept)).toBeGreaterThan(0.4);
  });

  it('plays the tone in the cut spans when asked', async () => {
    const rendered = await render(
      { mode: 'mute', mute: { tone: true, toneHz: 1000, toneDb: -12 } },
      'bleep',
    );
    const bleep = await decodeMonoSamples(runtime, rendered.output, dir, {
      startSec: 13.3,
      endSec: 15.4,
    });
    expect(Math.abs(toneFrequencyHz(bleep) - 1000)).toBeLessThan(20);
    expect(peakAbs(bleep)).toBeGreaterThan(0.2);
  });
});

describe('Render: speed mode', () => {
  it('plays the cut spans faster, each within a frame, with the pitch kept', async () => {
    const rendered = await render({ mode: 'speed', speed: { factor: 4, minSpanMs: 500 } }, 'speed');
    const cutSec = [2.94, 1.68, 2.33];
    const expectedSec =
      (2130 + 3240 + 3180 + 4500) / 1000 + cutSec.reduce((sum, sec) => sum + sec / 4, 0);
    expect(Math.abs(rendered.summary.durationSec - expectedSec)).toBeLessThanOrEqual(
      7 * FRAME_SEC, // a frame per span: snapping and whole output frames
    );
    expect(
      Math.abs(rendered.summary.durationSec - rendered.timeline.mainDurationSec),
    ).toBeLessThanOrEqual(FRAME_SEC);
    const { videoSec, audioSec } = streamDurations(rendered.summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(FRAME_SEC);
    const sped = rendered.timeline.pieces[1];
    expect(sped?.speed).toBeGreaterThan(3.8); // 74 frames in 19
    const startSec = (sped?.outputStartSec ?? 0) + 0.05;
    const samples = await decodeMonoSamples(runtime, rendered.output, dir, {
      startSec,
      endSec: startSec + (sped?.outputDurationSec ?? 0) - 0.1,
    });
    expect(Math.abs(toneFrequencyHz(samples) - TONE_HZ) / TONE_HZ).toBeLessThan(0.02);
  });
});

describe('Render: hostile plans', () => {
  it.each([
    ['a gap', [keep(0, 5000), cut(5100, 20000)]],
    ['an overlap', [keep(0, 5000), cut(4000, 20000)]],
    ['an end past the source', [keep(0, 5000), cut(5000, 21000)]],
    ['nothing kept', [cut(0, 20000)]],
  ])('refuses %s before anything is written', async (_name, segments) => {
    const before = await readdir(dir);
    await expect(render({}, 'hostile', segments)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await readdir(dir)).toEqual(before);
  });

  it('refuses a transition longer than a kept span', async () => {
    const segments = [
      keep(0, 5000),
      cut(5000, 6000),
      keep(6000, 6300),
      cut(6300, 7000),
      keep(7000, 20000),
    ];
    await expect(
      render({ transition: { durationMs: 400 } }, 'hostile', segments),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('removes the output and the script when ffmpeg fails', async () => {
    const output = join(dir, 'broken.mp4');
    const before = await readdir(dir);
    const failure = await runtime
      .renderGraph({
        inputs: [{ path: source }],
        filterScript: '[0:v:0]nosuchfilter[v];[0:a:0]anull[a]\n',
        videoOut: 'v',
        audioOut: 'a',
        scratchDir: dir,
        output,
        expectedDurationSec: 20,
      })
      .catch((error: unknown) => error);
    expect(isReelError(failure)).toBe(true);
    expect(await readdir(dir)).toEqual(before);
  });
});
