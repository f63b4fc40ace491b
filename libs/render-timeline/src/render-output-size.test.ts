import { describe, expect, it } from 'vitest';
import { renderOutputSize } from './render-output-size';

describe('Function: renderOutputSize', () => {
  it('scales 1080p down to the maximum height, aspect kept', () => {
    expect(renderOutputSize({ width: 1920, height: 1080, maxHeight: 720 })).toEqual({
      width: 1280,
      height: 720,
    });
  });

  it('never scales up', () => {
    expect(renderOutputSize({ width: 640, height: 360, maxHeight: 1080 })).toEqual({
      width: 640,
      height: 360,
    });
  });

  it('makes odd sizes even', () => {
    expect(renderOutputSize({ width: 641, height: 361, maxHeight: 1080 })).toEqual({
      width: 640,
      height: 360,
    });
    expect(renderOutputSize({ width: 1080, height: 1920, maxHeight: 1079 })).toEqual({
      width: 606,
      height: 1078,
    });
  });

  it('refuses a size that is not an integer', () => {
    expect(() => renderOutputSize({ width: 0.5, height: 360, maxHeight: 720 })).toThrow(TypeError);
  });
});
