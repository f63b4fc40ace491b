import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CutPlanSegment } from '@reel/cut-plan';
import { createFfmpegRuntime, PINNED_FONT_NAME } from '@reel/ffmpeg-runtime';
import { renderOptionsSchema } from '@reel/media-types';
import {
  generateFrameCounterSource,
  generateLavfiClip,
  readFrameNumbers,
} from '@reel/sample-media';
import { writeSrt, type SubtitleCue } from '@reel/transcript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAudioProgramGraph,
  buildBumperPart,
  buildRenderGraph,
  buildRenderTimeline,
  buildSubtitleBurnPart,
  cuesForChunk,
  planRenderChunks,
  RENDER_SAMPLE_RATE_HZ,
  retimeCues,
  type RenderGraphStage,
  type RenderTimeline,
} from '../src';
import { MEASURE_RATE_HZ, decodeMonoSamples, peakAbs } from './support/audio-measures';

const FPS = 15;
const FRAME_SEC = 1 / FPS;
const SOURCE_SEC = 180;
const runtime = createFfmpegRuntime();
const options = renderOptionsSchema.parse({ subtitles: { mode: 'burn' } });
const source = { width: 640, height: 360, hasAudio: true };
let dir: string;
let sourcePath: string;
/** Lengths of the intro/outro clips by path. */
const BUMPER_SEC: Record<string, number> = {};

// Eight cuts of 2.3–3.7 s, off the frame grid, spread over the three minutes.
const CUT_SPANS_MS: Array<[number, number]> = [
  [20_300, 23_100],
  [41_700, 44_000],
  [63_200, 66_900],
  [85_500, 88_000],
  [104_400, 107_300],
  [127_600, 130_200],
  [150_900, 153_500],
  [171_300, 173_800],
];
const SEGMENTS: CutPlanSegment[] = [
  ...CUT_SPANS_MS.flatMap(([startMs, endMs], index): CutPlanSegment[] => [
    { startMs: CUT_SPANS_MS[index - 1]?.[1] ?? 0, endMs: startMs, action: 'keep' },
    { startMs, endMs, action: 'cut' },
  ]),
  { startMs: 173_800, endMs: 180_000, action: 'keep' },
];
// A 4 s cue every 5 s of the source: some are cut into, some run across a chunk join.
const SOURCE_CUES: SubtitleCue[] = Array.from({ length: 35 }, (_, index) => ({
  startMs: index * 5000 + 500,
  endMs: index * 5000 + 4500,
  lines: [`Cue ${index}`],
}));

function subtitleStage(srtPath: string): RenderGraphStage {
  return (input) =>
    buildSubtitleBurnPart({
      videoIn: input.videoOut,
      subtitlePath: srtPath,
      fontsDir: runtime.fontsDir,
      fontName: PINNED_FONT_NAME,
      frameHeight: input.height,
      style: options.subtitles,
    });
}

/** An intro or outro clip of the render, and its input index in the argv it is used in. */
interface Bumper {
  path: string;
  index: number;
  durationSec: number;
}

/** The intro/outro stage as the app builds it: bumpers at the output's shape around the programme. */
function bumperStage({ intro, outro }: { intro?: Bumper; outro?: Bumper }): RenderGraphStage {
  const of = (bumper: Bumper) => ({
    videoIn: `${bumper.index}:v:0`,
    audioIn: `${bumper.index}:a:0`,
    durationSec: bumper.durationSec,
  });
  return (input) => ({
    ...buildBumperPart({
      main: { videoIn: input.videoOut, audioIn: input.audioOut },
      ...(intro === undefined ? {} : { intro: of(intro) }),
      ...(outro === undefined ? {} : { outro: of(outro) }),
      frame: { width: input.width, height: input.height },
      frameRate: input.frameRate,
      sampleRate: RENDER_SAMPLE_RATE_HZ,
      channelLayout: 'stereo',
    }),
    durationSec: (intro?.durationSec ?? 0) + input.durationSec + (outro?.durationSec ?? 0),
  });
}

/** Renders one timeline (the whole one, or a chunk) in its own folder, with bumpers and cues. */
async function renderPart(
  timeline: RenderTimeline,
  {
    name,
    input,
    cues,
    intro,
    outro,
  }: { name: string; input: string; cues?: SubtitleCue[]; intro?: string; outro?: string },
) {
  const scratchDir = join(dir, name);
  await mkdir(scratchDir);
  const bumpers = [intro, outro].filter((path) => path !== undefined);
  const bumperOf = (path: string | undefined) =>
    path === undefined
      ? undefined
      : { path, index: 1 + bumpers.indexOf(path), durationSec: BUMPER_SEC[path] ?? 0 };
  const stages: RenderGraphStage[] = [];
  if (bumpers.length > 0)
    stages.push(bumperStage({ intro: bumperOf(intro), outro: bumperOf(outro) }));
  if (cues !== undefined) {
    const srtPath = join(scratchDir, 'cues.srt');
    await writeFile(srtPath, writeSrt(cues), 'utf8');
    stages.push(subtitleStage(srtPath));
  }
  const graph = buildRenderGraph({ timeline, source, options, stages });
  const output = join(scratchDir, 'render.mp4');
  const run = await runtime.renderGraph({
    inputs: [input, ...bumpers].map((path) => ({ path })),
    filterScript: graph.filterScript,
    videoOut: graph.videoOut,
    audioOut: graph.audioOut,
    scratchDir,
    output,
    expectedDurationSec: graph.outputDurationSec,
    preset: 'ultrafast',
  });
  return { output, ...run };
}

async function countFrames(path: string): Promise<number> {
  const { stdout } = await runtime.runTool({
    tool: 'ffprobe',
    binaryPath: runtime.ffprobePath,
    operation: 'test-count-frames',
    captureStdout: true,
    args: [
      ['-v', 'error', '-select_streams', 'v:0', '-count_packets'],
      ['-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path],
    ].flat(),
  });
  return Number(stdout.trim());
}

function streamSec(
  summary: { streams: Array<{ type: string; durationSec?: number }> },
  type: string,
) {
  return summary.streams.find((stream) => stream.type === type)?.durationSec ?? Number.NaN;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reel-chunked-render-'));
  sourcePath = await generateFrameCounterSource({
    outputPath: join(dir, 'counter.mp4'),
    durationSec: SOURCE_SEC,
    fps: String(FPS),
  });
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Chunked render', () => {
  it('gives the same duration, frames and cue times as the one-pass render', async () => {
    // Prepare
    const timeline = buildRenderTimeline({
      plan: { mode: 'cut', segments: SEGMENTS },
      frameRate: { num: FPS, den: 1 },
      sourceDurationSec: SOURCE_SEC,
      options,
    });
    const renderCues = retimeCues({ cues: SOURCE_CUES, timeline });
    const { chunks, mainDurationSec } = planRenderChunks({ timeline, chunkCount: 3 });
    expect(chunks).toHaveLength(3);

    // Act: one pass
    const onePass = await renderPart(timeline, {
      name: 'one-pass',
      input: sourcePath,
      cues: renderCues,
    });
    // Act: three chunks (picture), then the join with the sound encoded once
    const chunkRuns: Array<Awaited<ReturnType<typeof renderPart>>> = [];
    for (const chunk of chunks) {
      const cues = cuesForChunk({ cues: renderCues, chunk });
      chunkRuns.push(
        await renderPart(chunk.timeline, { name: `chunk-${chunk.index}`, input: sourcePath, cues }),
      );
    }
    const audio = buildAudioProgramGraph({ timeline, source, sourceInputIndex: 1, options });
    const output = join(dir, 'chunked.mp4');
    const joined = await runtime.concatRenderChunks({
      chunks: chunks.map((chunk, index) => ({
        path: chunkRuns[index]?.output ?? '',
        durationSec: chunk.durationSec,
      })),
      audio: { inputs: [{ path: sourcePath, inputLabel: 'counter.mp4' }], ...audio },
      scratchDir: dir,
      output,
      expectedDurationSec: mainDurationSec,
    });

    // Assess: same length, within a frame, and sound as long as the picture
    expect(Math.abs(joined.summary.durationSec - onePass.summary.durationSec)).toBeLessThanOrEqual(
      FRAME_SEC,
    );
    expect(Math.abs(joined.summary.durationSec - mainDurationSec)).toBeLessThanOrEqual(FRAME_SEC);
    expect(
      Math.abs(streamSec(joined.summary, 'video') - streamSec(joined.summary, 'audio')),
    ).toBeLessThanOrEqual(FRAME_SEC);
    // Assess: the same frame count, and the chunks' frames sum to it
    const frameCount = await countFrames(onePass.output);
    expect(frameCount).toBe(Math.round(mainDurationSec * FPS));
    expect(await countFrames(output)).toBe(frameCount);
    expect(chunks.reduce((sum, chunk) => sum + chunk.frameCount, 0)).toBe(frameCount);
    // Assess: the same source frames in order, so the first frame after each chunk join is the
    // expected one (and every cut join inside a chunk too)
    const expectedFrames = timeline.pieces.flatMap((piece) =>
      Array.from(
        { length: piece.sourceEndFrame - piece.sourceStartFrame },
        (_, index) => piece.sourceStartFrame + index,
      ),
    );
    const joinedFrames = await readFrameNumbers(output);
    expect(await readFrameNumbers(onePass.output)).toEqual(expectedFrames);
    expect(joinedFrames).toEqual(expectedFrames);
    for (const chunk of chunks.slice(1)) {
      const firstFrame = Math.round(chunk.outputOffsetSec * FPS);
      expect(joinedFrames[firstFrame]).toBe(chunk.timeline.pieces[0]?.sourceStartFrame);
    }
    // Assess: the cues the chunks burnt, put back on the render's clock, are the render's cues
    const chunkCues = chunks.flatMap((chunk) =>
      cuesForChunk({ cues: renderCues, chunk }).map((cue) => ({
        ...cue,
        startMs: cue.startMs + Math.round(chunk.outputOffsetSec * 1000),
        endMs: cue.endMs + Math.round(chunk.outputOffsetSec * 1000),
      })),
    );
    const rejoined = chunkCues.reduce<SubtitleCue[]>((merged, cue) => {
      const previous = merged.at(-1);
      if (
        previous !== undefined &&
        previous.endMs === cue.startMs &&
        previous.lines[0] === cue.lines[0]
      ) {
        previous.endMs = cue.endMs;
      } else {
        merged.push({ ...cue });
      }
      return merged;
    }, []);
    expect(rejoined).toEqual(renderCues);
    expect(chunkCues.length).toBeGreaterThan(renderCues.length); // a cue ran across a join
    // The join's list and sound graph are gone
    const left = await readdir(dir);
    expect(left).not.toContain('render-chunks.ffconcat');
    expect(left).not.toContain('render-audio-graph.txt');
  }, 600_000);
});

describe('Chunked render with transitions and an outro', () => {
  const TRANSITION_FPS = 25;
  let transitionSource: string;
  let outro: string;

  beforeAll(async () => {
    transitionSource = await generateFrameCounterSource({
      outputPath: join(dir, 'counter-25.mp4'),
      durationSec: 24,
    });
    outro = await generateLavfiClip({
      outputPath: join(dir, 'outro.mp4'),
      durationSec: 1.2,
      video: { width: 640, height: 360, fps: TRANSITION_FPS },
      audio: { frequencyHz: 660 },
    });
    BUMPER_SEC[outro] = 1.2;
  }, 120_000);

  // No intro here: buildBumperPart's closing fps drops the programme's last frame when it is the
  // last thing in the graph and ends in an xfade (one-pass renders with an intro alone lose it too).
  it('renders each cross-fade over a chunk join in one chunk, with the same picture and sound as one pass', async () => {
    // Prepare: four 5–6 s spans, 400 ms (10-frame) fades at the three joins, 3 chunks
    const transitionOptions = renderOptionsSchema.parse({
      transition: { type: 'fade', durationMs: 400 },
    });
    const timeline = buildRenderTimeline({
      plan: {
        mode: 'cut',
        segments: [
          { startMs: 0, endMs: 5000, action: 'keep' },
          { startMs: 5000, endMs: 6000, action: 'cut' },
          { startMs: 6000, endMs: 11_000, action: 'keep' },
          { startMs: 11_000, endMs: 12_000, action: 'cut' },
          { startMs: 12_000, endMs: 17_000, action: 'keep' },
          { startMs: 17_000, endMs: 18_000, action: 'cut' },
          { startMs: 18_000, endMs: 24_000, action: 'keep' },
        ],
      },
      frameRate: { num: TRANSITION_FPS, den: 1 },
      sourceDurationSec: 24,
      options: transitionOptions,
    });
    const { chunks, mainDurationSec } = planRenderChunks({ timeline, chunkCount: 3 });
    expect(chunks).toHaveLength(3);
    const expectedSec = mainDurationSec + 1.2;
    // Act
    const onePass = await renderPart(timeline, {
      name: 't-one-pass',
      input: transitionSource,
      outro,
    });
    const chunkRuns: Array<Awaited<ReturnType<typeof renderPart>>> = [];
    for (const chunk of chunks) {
      chunkRuns.push(
        await renderPart(chunk.timeline, {
          name: `t-chunk-${chunk.index}`,
          input: transitionSource,
          ...(chunk.isLast ? { outro } : {}),
        }),
      );
    }
    const audio = buildAudioProgramGraph({
      timeline,
      source,
      sourceInputIndex: 1,
      options: transitionOptions,
      stages: [bumperStage({ outro: { path: outro, index: 2, durationSec: 1.2 } })],
    });
    const output = join(dir, 't-chunked.mp4');
    const joined = await runtime.concatRenderChunks({
      chunks: chunks.map((chunk, index) => ({
        path: chunkRuns[index]?.output ?? '',
        durationSec: chunk.durationSec + (chunk.isLast ? 1.2 : 0),
      })),
      audio: { inputs: [transitionSource, outro].map((path) => ({ path })), ...audio },
      scratchDir: dir,
      output,
      expectedDurationSec: expectedSec,
    });
    // Assess: length and frame count
    expect(Math.abs(onePass.summary.durationSec - expectedSec)).toBeLessThanOrEqual(
      1 / TRANSITION_FPS,
    );
    expect(Math.abs(joined.summary.durationSec - onePass.summary.durationSec)).toBeLessThanOrEqual(
      1 / TRANSITION_FPS,
    );
    // Each chunk holds exactly its frames (the outro's in the last)
    expect(await Promise.all(chunkRuns.map((run) => countFrames(run.output)))).toEqual(
      chunks.map((chunk) => chunk.frameCount + (chunk.isLast ? 30 : 0)),
    );
    const frameCount = await countFrames(onePass.output);
    expect(frameCount).toBe(Math.round(expectedSec * TRANSITION_FPS));
    expect(await countFrames(output)).toBe(frameCount);
    // Assess: outside the fades and the outro, every frame is the expected source frame
    const [onePassFrames, joinedFrames] = await Promise.all([
      readFrameNumbers(onePass.output),
      readFrameNumbers(output),
    ]);
    let compared = 0;
    timeline.pieces.forEach((piece, index) => {
      const startFrame = Math.round(piece.outputStartSec * TRANSITION_FPS);
      const frames = piece.sourceEndFrame - piece.sourceStartFrame;
      for (let offset = index === 0 ? 0 : 10; offset < frames - 10; offset += 1) {
        const at = startFrame + offset;
        expect([joinedFrames[at], onePassFrames[at]]).toEqual([
          piece.sourceStartFrame + offset,
          piece.sourceStartFrame + offset,
        ]);
        compared += 1;
      }
    });
    expect(compared).toBeGreaterThan(frameCount - 3 * 20 - 30 - 10);
    // Assess: the sound (fades, outro) is the one-pass sound, encoded once
    const [onePassSamples, joinedSamples] = await Promise.all([
      decodeMonoSamples(runtime, onePass.output, join(dir, 't-chunk-0')),
      decodeMonoSamples(runtime, output, join(dir, 't-chunk-1')),
    ]);
    expect(Math.abs(joinedSamples.length - onePassSamples.length)).toBeLessThanOrEqual(
      MEASURE_RATE_HZ / TRANSITION_FPS,
    );
    let maxDifference = 0;
    const common = Math.min(joinedSamples.length, onePassSamples.length);
    for (let index = 0; index < common; index += 1) {
      maxDifference = Math.max(
        maxDifference,
        Math.abs((joinedSamples[index] ?? 0) - (onePassSamples[index] ?? 0)),
      );
    }
    expect(peakAbs(joinedSamples)).toBeGreaterThan(0.3);
    expect(maxDifference).toBeLessThan(0.01);
  }, 600_000);
});
