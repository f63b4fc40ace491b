import { describe, expect, it } from 'vitest';
import { displayedSize } from './displayed-size';

describe('displayedSize', () => {
  it('swaps the sides of a quarter turn either way', () => {
    expect(displayedSize({ width: 1920, height: 1080, rotationDeg: 90 })).toEqual({
      width: 1080,
      height: 1920,
    });
    expect(displayedSize({ width: 1920, height: 1080, rotationDeg: 270 })).toEqual({
      width: 1080,
      height: 1920,
    });
  });

  it('keeps the stored sides without rotation or upside down', () => {
    expect(displayedSize({ width: 640, height: 360 })).toEqual({ width: 640, height: 360 });
    expect(displayedSize({ width: 640, height: 360, rotationDeg: 0 })).toEqual({
      width: 640,
      height: 360,
    });
    expect(displayedSize({ width: 640, height: 360, rotationDeg: 180 })).toEqual({
      width: 640,
      height: 360,
    });
  });

  it('is undefined for a stream without a size', () => {
    expect(displayedSize({ height: 360, rotationDeg: 90 })).toBeUndefined();
    expect(displayedSize({ width: 640 })).toBeUndefined();
  });
});
