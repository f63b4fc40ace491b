import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderOptionsSchema } from '@reel/media-types';
import {
  generateFrameCounterSource,
  generateLavfiClip,
  readFrameNumbers,
} from '@reel/sample-media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAudioProgramGraph, buildRenderTimeline, planRenderChunks } from '../src';
import { MEASURE_RATE_HZ, decodeMonoSamples, peakAbs } from './support/audio-measures';
import {
  BUMPER_SEC,
  bumperStage,
  countFrames,
  renderPart,
  runtime,
  source,
} from './support/chunked-render-fixture';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reel-chunked-render-fades-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
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
      dir,
      name: 't-one-pass',
      input: transitionSource,
      outro,
    });
    const chunkRuns: Array<Awaited<ReturnType<typeof renderPart>>> = [];
    for (const chunk of chunks) {
      chunkRuns.push(
        await renderPart(chunk.timeline, {
          dir,
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
