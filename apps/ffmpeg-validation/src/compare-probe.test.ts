import { describe, expect, it } from 'vitest';
import { compareProbe } from './compare-probe';

const probed = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 2.02,
  sizeBytes: 1234,
  streams: [
    { index: 0, type: 'video' as const, codecName: 'h264', width: 640, height: 360, frameRate: 25 },
    { index: 1, type: 'audio' as const, codecName: 'aac', sampleRateHz: 48000, channels: 1 },
  ],
};

describe('Function: compareProbe', () => {
  it('matches by structure and tolerates small duration differences', () => {
    expect(
      compareProbe(probed, {
        formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
        durationSec: 2,
        streams: [{ codecName: 'h264', width: 640 }, { sampleRateHz: 48000 }],
      }),
    ).toEqual([]);
  });

  it('names every field that differs', () => {
    const differences = compareProbe(probed, {
      durationSec: 3,
      streams: [{ codecName: 'hevc' }, { channels: 2 }, { codecName: 'mov_text' }],
    });
    expect(differences).toEqual([
      'durationSec: expected 3 ± 0.1, got 2.02',
      'streams: expected 3, got 2',
      'streams[0].codecName: expected hevc, got h264',
      'streams[1].channels: expected 2, got 1',
    ]);
  });
});
