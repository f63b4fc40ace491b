import { describe, expect, it } from 'vitest';
import { framesToTimecode, timecodeToFrames } from './timecode';

const pal = { numerator: 25, denominator: 1 };
const ntsc = { numerator: 30000, denominator: 1001 };

describe('Function: framesToTimecode', () => {
  it.each([
    [0, pal, '00:00:00:00'],
    [24, pal, '00:00:00:24'],
    [25, pal, '00:00:01:00'],
    [90_000, pal, '01:00:00:00'],
    [1801, ntsc, '00:01:00:01'],
  ])('writes frame %s at %j as %s', (frames, frameRate, expected) => {
    expect(framesToTimecode(frames, frameRate)).toBe(expected);
  });

  it('refuses a negative or fractional frame', () => {
    expect(() => framesToTimecode(-1, pal)).toThrow(TypeError);
    expect(() => framesToTimecode(1.5, pal)).toThrow(TypeError);
  });
});

describe('Function: timecodeToFrames', () => {
  it('reads what framesToTimecode writes', () => {
    for (const frames of [0, 1, 29, 30, 1799, 107_892, 359_999]) {
      expect(timecodeToFrames(framesToTimecode(frames, ntsc), ntsc)).toBe(frames);
    }
  });

  it.each(['00:00:01;00', '00:60:00:00', '00:00:00:25', '0:00:00:00', 'soon'])(
    'refuses %s',
    (timecode) => {
      expect(() => timecodeToFrames(timecode, pal)).toThrow(
        expect.objectContaining({ name: 'InvalidRequestError' }),
      );
    },
  );
});
