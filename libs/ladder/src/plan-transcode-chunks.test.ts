import { describe, expect, it } from 'vitest';
import { planTranscodeChunks } from './plan-transcode-chunks';

const video = [{ name: '360p' }] as never;

describe('Function: planTranscodeChunks', () => {
  it('cuts a long source into even chunks of whole segments', () => {
    // Act: 180 s at 25 fps, 4 s segments → 45 segments, ≈ 48 s chunks
    const chunks = planTranscodeChunks({
      durationSec: 180,
      plan: { frameRate: 25, gopFrames: 100, video },
      options: { chunkThresholdSec: 60, chunkDurationSec: 48 },
    });

    // Assess
    expect(
      chunks.map(({ startFrame, firstSegmentNumber, frameCount }) => [
        startFrame,
        firstSegmentNumber,
        frameCount,
      ]),
    ).toEqual([
      [0, 1, 1200],
      [1200, 13, 1100],
      [2300, 24, 1100],
      [3400, 35, undefined],
    ]);
    expect(chunks.at(-1)).toMatchObject({ startSec: 136, durationSec: 44, isLast: true });
    expect(chunks.filter(({ isLast }) => isLast)).toHaveLength(1);
  });

  it('starts every chunk on a whole frame of an NTSC rate', () => {
    const chunks = planTranscodeChunks({
      durationSec: 24,
      plan: { frameRate: 30000 / 1001, gopFrames: 120, video },
      options: { chunkThresholdSec: 10, chunkDurationSec: 8 },
    });

    expect(chunks.map(({ startFrame }) => startFrame)).toEqual([0, 240, 480]);
    expect(chunks[1]?.startSec).toBeCloseTo((240 * 1001) / 30000, 9);
  });

  it('keeps a source up to the threshold, or one without a picture, in one chunk', () => {
    const short = planTranscodeChunks({
      durationSec: 600,
      plan: { frameRate: 25, gopFrames: 100, video },
      options: { chunkThresholdSec: 600, chunkDurationSec: 120 },
    });
    const audioOnly = planTranscodeChunks({
      durationSec: 3600,
      plan: { frameRate: 25, gopFrames: 100, video: [] },
      options: { chunkThresholdSec: 600, chunkDurationSec: 120 },
    });

    expect(short).toEqual([
      {
        index: 0,
        startSec: 0,
        startFrame: 0,
        durationSec: 600,
        firstSegmentNumber: 1,
        isLast: true,
      },
    ]);
    expect(audioOnly).toHaveLength(1);
  });
});
