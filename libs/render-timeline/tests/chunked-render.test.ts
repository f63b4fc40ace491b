import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CutPlanSegment } from '@reel/cut-plan';
import { generateFrameCounterSource, readFrameNumbers } from '@reel/sample-media';
import type { SubtitleCue } from '@reel/transcript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAudioProgramGraph,
  buildRenderTimeline,
  cuesForChunk,
  planRenderChunks,
  retimeCues,
} from '../src';
import {
  countFrames,
  options,
  renderPart,
  runtime,
  source,
  streamSec,
} from './support/chunked-render-fixture';

const FPS = 15;
const FRAME_SEC = 1 / FPS;
const SOURCE_SEC = 180;
let dir: string;
let sourcePath: string;

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
      dir,
      name: 'one-pass',
      input: sourcePath,
      cues: renderCues,
    });
    // Act: three chunks (picture), then the join with the sound encoded once
    const chunkRuns: Array<Awaited<ReturnType<typeof renderPart>>> = [];
    for (const chunk of chunks) {
      const cues = cuesForChunk({ cues: renderCues, chunk });
      chunkRuns.push(
        await renderPart(chunk.timeline, {
          dir,
          name: `chunk-${chunk.index}`,
          input: sourcePath,
          cues,
        }),
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
