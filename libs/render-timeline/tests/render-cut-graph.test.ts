import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { renderOptionsSchema } from '@reel/media-types';
import { generateFrameCounterSource, readFrameNumbers } from '@reel/sample-media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderGraph, buildRenderTimeline } from '../src';
import { decodeMonoSamples, maxStepAround } from './support/audio-measures';
import {
  FPS,
  FRAME_SEC,
  SOURCE_SEC,
  cut,
  joinsOf,
  keep,
  keptFrames,
  renderFixture,
  runtime,
  streamDurations,
} from './support/render-fixture';

const fixture = renderFixture();
beforeAll(() => fixture.setUp());
afterAll(() => fixture.tearDown());

describe('Render: hard cuts', () => {
  it('plays exactly the kept frames, in order, with sound as long as the picture and no click at the joins', async () => {
    // Act
    const faded = await fixture.render({ joinFadeMs: 5 }, 'cuts-faded');
    const unfaded = await fixture.render({ joinFadeMs: 0 }, 'cuts-unfaded');
    // Assess: the frames are the kept ranges, each join's first frame the expected source frame
    const expectedFrames = keptFrames(faded.timeline);
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
    const fadedSamples = await decodeMonoSamples(runtime, faded.output, fixture.dir);
    const unfadedSamples = await decodeMonoSamples(runtime, unfaded.output, fixture.dir);
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
    const rendered = await fixture.render({}, 'many-cuts', segments);
    expect(rendered.timeline.pieces.length).toBe(160);
    const expectedFrames = keptFrames(rendered.timeline);
    expect(await readFrameNumbers(rendered.output)).toEqual(expectedFrames);
    const { videoSec, audioSec } = streamDurations(rendered.summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(FRAME_SEC);
  });
});

describe('Render: 29.97 fps', () => {
  it('cuts on the 30000/1001 grid, frame-exact, sound as long as the picture', async () => {
    // Prepare
    const ntsc = await generateFrameCounterSource({
      outputPath: join(fixture.dir, 'counter-ntsc.mp4'),
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
      scratchDir: fixture.dir,
      output: join(fixture.dir, 'ntsc.mp4'),
      expectedDurationSec: graph.outputDurationSec,
      preset: 'ultrafast',
    });
    // Assess
    const expectedFrames = keptFrames(timeline);
    expect(timeline.pieces.map((piece) => piece.sourceStartFrame)).toEqual([0, 96, 180]);
    expect(await readFrameNumbers(join(fixture.dir, 'ntsc.mp4'))).toEqual(expectedFrames);
    const { videoSec, audioSec } = streamDurations(summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(1001 / 30000);
    expect(Math.abs(summary.durationSec - timeline.mainDurationSec)).toBeLessThanOrEqual(
      1001 / 30000,
    );
  });
});

describe('Render: transitions', () => {
  it('lasts the kept time minus one transition per join', async () => {
    const rendered = await fixture.render(
      { transition: { type: 'fade', durationMs: 500 } },
      'fade',
    );
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

describe('Render: stages', () => {
  it('runs an injected stage reading a looped still image as a second input', async () => {
    // Prepare: a 64×32 red PNG and a stage that overlays it at the bottom left
    const logo = join(fixture.dir, 'logo.png');
    await runtime.runTool({
      tool: 'ffmpeg',
      binaryPath: runtime.ffmpegPath,
      operation: 'test-logo',
      args: ['-v', 'error', '-f', 'lavfi', '-i', 'color=red:s=64x32', '-frames:v', '1', '-y', logo],
    });
    const options = renderOptionsSchema.parse({});
    const timeline = buildRenderTimeline({
      plan: { mode: 'cut', segments: [keep(0, 3000), cut(3000, 20000)] },
      frameRate: { num: FPS, den: 1 },
      sourceDurationSec: SOURCE_SEC,
      options,
    });
    const graph = buildRenderGraph({
      timeline,
      source: { width: 640, height: 360, hasAudio: true },
      options,
      stages: [
        ({ videoOut }) => ({
          chains: [`[${videoOut}][1:v]overlay=x=0:y=H-h:shortest=1[logo_v]`],
          videoOut: 'logo_v',
        }),
      ],
    });
    // Act
    const { summary } = await runtime.renderGraph({
      inputs: [{ path: fixture.source }, { path: logo, loop: true }],
      filterScript: graph.filterScript,
      videoOut: graph.videoOut,
      audioOut: graph.audioOut,
      scratchDir: fixture.dir,
      output: join(fixture.dir, 'logo.mp4'),
      expectedDurationSec: graph.outputDurationSec,
      preset: 'ultrafast',
    });
    // Assess: the picture keeps its frames (the counter is at the top) and lasts the kept 3 s
    expect(Math.abs(summary.durationSec - 3)).toBeLessThanOrEqual(FRAME_SEC);
    expect(await readFrameNumbers(join(fixture.dir, 'logo.mp4'))).toEqual(
      Array.from({ length: 75 }, (_, index) => index),
    );
    // …and the last frame shows the red logo in the bottom-left corner
    const pixel = join(fixture.dir, 'pixel.rgb');
    await runtime.runTool({
      tool: 'ffmpeg',
      binaryPath: runtime.ffmpegPath,
      operation: 'test-pixel',
      args: [
        '-v',
        'error',
        '-sseof',
        '-0.1',
        '-i',
        join(fixture.dir, 'logo.mp4'),
        '-vf',
        'crop=16:16:24:ih-24,scale=1:1',
        '-frames:v',
        '1',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        '-y',
        pixel,
      ],
    });
    const [red = 0, green = 255, blue = 255] = await readFile(pixel);
    await rm(pixel);
    expect(red).toBeGreaterThan(200);
    expect(Math.max(green, blue)).toBeLessThan(60);
  });
});
