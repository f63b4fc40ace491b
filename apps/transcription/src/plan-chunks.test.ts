import { describe, expect, it } from 'vitest';
import { planChunks } from './plan-chunks';

describe('Function: planChunks', () => {
  it('keeps audio no longer than chunkMaxSec whole', () => {
    expect(planChunks({ durationSec: 120, silences: [], chunkMaxSec: 120 })).toEqual([
      { index: 0, startSec: 0, endSec: 120 },
    ]);
  });

  it('cuts in the middle of the last silence that fits', () => {
    // Prepare
    const silences = [
      { startSec: 3, endSec: 4 },
      { startSec: 8, endSec: 9 },
      { startSec: 14, endSec: 15 },
      { startSec: 21, endSec: 22 },
    ];

    // Act
    const chunks = planChunks({ durationSec: 25, silences, chunkMaxSec: 10 });

    // Assess
    expect(chunks).toEqual([
      { index: 0, startSec: 0, endSec: 8.5 },
      { index: 1, startSec: 8.5, endSec: 14.5 },
      { index: 2, startSec: 14.5, endSec: 21.5 },
      { index: 3, startSec: 21.5, endSec: 25 },
    ]);
  });

  it('cuts at exactly chunkMaxSec where no silence fits, and covers the audio without gaps', () => {
    // Act
    const chunks = planChunks({
      durationSec: 25,
      silences: [{ startSec: 12, endSec: 13 }],
      chunkMaxSec: 10,
    });

    // Assess
    expect(chunks.map(({ startSec, endSec }) => [startSec, endSec])).toEqual([
      [0, 10],
      [10, 12.5],
      [12.5, 22.5],
      [22.5, 25],
    ]);
  });

  it('refuses a non-positive chunkMaxSec', () => {
    expect(() => planChunks({ durationSec: 5, silences: [], chunkMaxSec: 0 })).toThrow(TypeError);
  });
});
