import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CutPlanSegment } from '@reel/cut-plan';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { renderOptionsSchema, type ProbeSummary, type RenderOptionsInput } from '@reel/media-types';
import { generateFrameCounterSource } from '@reel/sample-media';
import { buildRenderGraph, buildRenderTimeline, type RenderTimeline } from '../../src';

export const FPS = 25;
export const FRAME_SEC = 1 / FPS;
export const SOURCE_SEC = 20;
export const TONE_HZ = 440;
export const runtime = createFfmpegRuntime();

export const keep = (startMs: number, endMs: number): CutPlanSegment => ({
  startMs,
  endMs,
  action: 'keep',
});
export const cut = (startMs: number, endMs: number): CutPlanSegment => ({
  startMs,
  endMs,
  action: 'cut',
});
/** Cut points off the 440 Hz period and off whole frames: every join is a phase step unless faded. */
export const SEGMENTS = [
  keep(0, 2130),
  cut(2130, 5070),
  keep(5070, 8310),
  cut(8310, 9990),
  keep(9990, 13170),
  cut(13170, 15500),
  keep(15500, 20000),
];

/**
 * A 20 s 640×360 25 fps frame-counter source with a 440 Hz tone in a temp folder, and a render of
 * it through `buildRenderTimeline` → `buildRenderGraph` → `runtime.renderGraph`.
 */
export function renderFixture() {
  let dir = '';
  let source = '';
  return {
    get dir() {
      return dir;
    },
    get source() {
      return source;
    },
    async setUp() {
      dir = await mkdtemp(join(tmpdir(), 'reel-render-test-'));
      source = await generateFrameCounterSource({
        outputPath: join(dir, 'counter.mp4'),
        durationSec: SOURCE_SEC,
        toneHz: TONE_HZ,
      });
    },
    async tearDown() {
      await rm(dir, { recursive: true, force: true });
    },
    async render(optionsInput: RenderOptionsInput, name: string, segments = SEGMENTS) {
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
    },
  };
}

export function streamDurations(summary: ProbeSummary) {
  const of = (type: string) =>
    summary.streams.find((stream) => stream.type === type)?.durationSec ?? Number.NaN;
  return { videoSec: of('video'), audioSec: of('audio') };
}

/** Where each join falls in the render. */
export function joinsOf(timeline: RenderTimeline): number[] {
  return timeline.pieces.slice(1).map((piece) => piece.outputStartSec);
}

/** The source frames a render of `timeline` must show, in order. */
export function keptFrames(timeline: RenderTimeline): number[] {
  return timeline.pieces.flatMap((piece) =>
    Array.from(
      { length: piece.sourceEndFrame - piece.sourceStartFrame },
      (_, index) => piece.sourceStartFrame + index,
    ),
  );
}
