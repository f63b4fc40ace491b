import { describe, expect, it } from 'vitest';
import { h264Level } from './h264-level';

describe('Function: h264Level', () => {
  it.each([
    [{ width: 1920, height: 1080, frameRate: 30, maxrateKbps: 7500 }, '4', 'avc1.640028'],
    [{ width: 1280, height: 720, frameRate: 30, maxrateKbps: 4500 }, '3.1', 'avc1.64001f'],
    [{ width: 720, height: 480, frameRate: 30, maxrateKbps: 2100 }, '3', 'avc1.64001e'],
    [{ width: 640, height: 360, frameRate: 25, maxrateKbps: 1200 }, '3', 'avc1.64001e'],
    [{ width: 426, height: 240, frameRate: 25, maxrateKbps: 600 }, '2.1', 'avc1.640015'],
    [{ width: 1920, height: 1080, frameRate: 30, maxrateKbps: 30_000 }, '4.1', 'avc1.640029'],
    [{ width: 3840, height: 2160, frameRate: 30, maxrateKbps: 24_000 }, '5.1', 'avc1.640033'],
  ])('gives %o level %s (%s)', (stream, level, codecs) => {
    expect(h264Level(stream)).toMatchObject({ level, codecs });
  });

  it('refuses a stream past level 5.2', () => {
    expect(() =>
      h264Level({ width: 7680, height: 4320, frameRate: 60, maxrateKbps: 100_000 }),
    ).toThrow(RangeError);
  });
});
