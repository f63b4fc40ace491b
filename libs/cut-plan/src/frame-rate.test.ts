import { describe, expect, it } from 'vitest';
import { frameRateFromFps, framesToMs, msToFrames, rationalSeconds } from './frame-rate';

const ntsc = { numerator: 30000, denominator: 1001 };

describe('Function: frameRateFromFps', () => {
  it.each([
    [25, { numerator: 25, denominator: 1 }],
    [24.999, { numerator: 25, denominator: 1 }],
    [29.97002997, ntsc],
    [23.976, { numerator: 24000, denominator: 1001 }],
    [59.94, { numerator: 60000, denominator: 1001 }],
    [12.5, { numerator: 25, denominator: 2 }],
    [undefined, { numerator: 25, denominator: 1 }],
    [0, { numerator: 25, denominator: 1 }],
    [Number.NaN, { numerator: 25, denominator: 1 }],
  ])('turns %s fps into %j', (fps, expected) => {
    expect(frameRateFromFps(fps)).toEqual(expected);
  });
});

describe('Function: msToFrames', () => {
  it('rounds to the nearest frame', () => {
    expect(msToFrames(1019, { numerator: 25, denominator: 1 })).toBe(25);
    expect(msToFrames(1020, { numerator: 25, denominator: 1 })).toBe(26);
    expect(msToFrames(60_060, ntsc)).toBe(1800);
  });

  it('inverts framesToMs', () => {
    for (const frames of [0, 1, 29, 1799, 107_892]) {
      expect(msToFrames(framesToMs(frames, ntsc), ntsc)).toBe(frames);
    }
  });
});

describe('Function: rationalSeconds', () => {
  it.each([
    [0, { numerator: 25, denominator: 1 }, '0s'],
    [50, { numerator: 25, denominator: 1 }, '2s'],
    [3, { numerator: 25, denominator: 1 }, '3/25s'],
    [1, ntsc, '1001/30000s'],
    [3, ntsc, '1001/10000s'],
    [30, ntsc, '1001/1000s'],
  ])('writes %s frames at %j as %s', (frames, frameRate, expected) => {
    expect(rationalSeconds(frames, frameRate)).toBe(expected);
  });
});
