import { describe, expect, it } from 'vitest';
import type { RungPlan } from '@reel/ladder';
import { MAX_FAN_OUT_ITEMS } from '@reel/workflow';
import { planFanOutChunks } from './fan-out-chunk-plan';

// 25 fps, 2 s segments: the segment grid is 50 frames.
const ladder = { frameRate: 25, gopFrames: 50, video: [{ name: '360p' } as RungPlan] };
const defaults = { chunkThresholdSec: 600, chunkDurationSec: 120 };

describe('Function: planFanOutChunks', () => {
  it('keeps the requested chunk length when the chunks fit the Map', () => {
    // Act
    const { chunks, chunkDurationSec } = planFanOutChunks({
      durationSec: 3600,
      ladder,
      options: defaults,
    });

    // Assess
    expect(chunks).toHaveLength(30);
    expect(chunkDurationSec).toBe(120);
    expect(chunks[1]?.startSec).toBe(120);
  });

  it('lengthens the chunks of a 4 h source to whole segments so that at most 64 are planned', () => {
    // Act: 120 s chunks would be 120 of them
    const { chunks, chunkDurationSec } = planFanOutChunks({
      durationSec: 14_400,
      ladder,
      options: defaults,
    });

    // Assess
    expect(MAX_FAN_OUT_ITEMS).toBe(64);
    expect(chunks).toHaveLength(MAX_FAN_OUT_ITEMS);
    expect(chunkDurationSec).toBe(226);
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.startFrame % ladder.gopFrames).toBe(0);
      const next = chunks[index + 1];
      if (next !== undefined)
        expect(chunk.startSec + chunk.durationSec).toBeCloseTo(next.startSec, 9);
    }
    const last = chunks.at(-1);
    expect((last?.startSec ?? 0) + (last?.durationSec ?? 0)).toBeCloseTo(14_400, 9);
  });

  it('lengthens a plan one chunk over the limit by the least whole segments', () => {
    // Act: 65 chunks of 10 s (5 segments each) → 6 segments a chunk
    const { chunks, chunkDurationSec } = planFanOutChunks({
      durationSec: 650,
      ladder,
      options: { chunkThresholdSec: 30, chunkDurationSec: 10 },
    });

    // Assess
    expect(chunkDurationSec).toBe(12);
    expect(chunks.length).toBeLessThanOrEqual(MAX_FAN_OUT_ITEMS);
    expect(chunks).toHaveLength(55);
  });
});
