import type { ProbeSummary } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { ladderSourceFromProbe } from './ladder-source';

const probeOf = (streams: ProbeSummary['streams'], bitRate?: number): ProbeSummary => ({
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 12,
  sizeBytes: 1000,
  ...(bitRate === undefined ? {} : { bitRate }),
  streams,
});

describe('Function: ladderSourceFromProbe', () => {
  it('uses the displayed size of a picture rotated a quarter turn', () => {
    const source = ladderSourceFromProbe(
      probeOf([
        {
          index: 0,
          type: 'video',
          codecName: 'h264',
          width: 1920,
          height: 1080,
          frameRate: 30,
          rotationDeg: 270,
        },
      ]),
    );

    expect(source.video).toEqual({ width: 1080, height: 1920, frameRate: 30 });
  });

  it('takes the picture bit rate from the container minus the sound when the stream has none', () => {
    const source = ladderSourceFromProbe(
      probeOf(
        [
          { index: 0, type: 'video', codecName: 'vp9', width: 1280, height: 720, frameRate: 25 },
          {
            index: 1,
            type: 'audio',
            codecName: 'opus',
            channels: 1,
            sampleRateHz: 48_000,
            bitRate: 96_000,
          },
        ],
        2_096_000,
      ),
    );

    expect(source.video?.bitRateBps).toBe(2_000_000);
    expect(source.audio).toEqual({ channels: 1, sampleRateHz: 48_000 });
  });

  it('treats cover art as no picture', () => {
    const source = ladderSourceFromProbe(
      probeOf([
        { index: 0, type: 'audio', codecName: 'mp3', channels: 2, sampleRateHz: 44_100 },
        { index: 1, type: 'video', codecName: 'mjpeg', width: 600, height: 600 },
        { index: 2, type: 'video', codecName: 'png', width: 600, height: 600, frameRate: 90_000 },
      ]),
    );

    expect(source).toEqual({ durationSec: 12, audio: { channels: 2, sampleRateHz: 44_100 } });
  });
});
