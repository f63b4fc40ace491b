import { describe, expect, it } from 'vitest';
import { getServicePreset, serviceNames } from './service-presets';

describe('Function: getServicePreset', () => {
  it('returns the design table sizing for a media step', () => {
    expect(getServicePreset('video-render-engine')).toEqual({
      memoryMb: 5120,
      timeoutSec: 900,
      ephemeralStorageMb: 10240,
      trigger: 'workflow-task',
    });
  });

  it('keeps every preset inside Lambda limits', () => {
    for (const name of serviceNames) {
      const preset = getServicePreset(name);
      expect(preset.memoryMb).toBeGreaterThanOrEqual(128);
      expect(preset.memoryMb).toBeLessThanOrEqual(10240);
      expect(preset.timeoutSec).toBeLessThanOrEqual(900);
      expect(preset.ephemeralStorageMb ?? 512).toBeLessThanOrEqual(10240);
    }
  });

  it('names the known services when asked for an unknown one', () => {
    expect(() => getServicePreset('nope')).toThrow(/known services: ffmpeg-validation/);
  });
});
