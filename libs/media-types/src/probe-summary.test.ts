import { describe, expect, it } from 'vitest';
import { probeSummarySchema } from './probe-summary';

describe('Schema: probeSummarySchema', () => {
  it('accepts a probed clip with a video and an audio stream', () => {
    // Prepare
    const summary = {
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec: 2.5,
      sizeBytes: 40_960,
      streams: [
        { index: 0, type: 'video', codecName: 'h264', width: 640, height: 360, frameRate: 25 },
        { index: 1, type: 'audio', codecName: 'aac', sampleRateHz: 48_000, channels: 2 },
      ],
    };

    // Act
    const parsed = probeSummarySchema.safeParse(summary);

    // Assess
    expect(parsed.success).toBe(true);
  });

  it('refuses a stream kind ffprobe never reports and a fractional size', () => {
    const parsed = probeSummarySchema.safeParse({
      formatName: 'matroska,webm',
      durationSec: 1,
      sizeBytes: 10.5,
      streams: [{ index: 0, type: 'hologram', codecName: 'x' }],
    });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map(({ path }) => path.join('.'))).toEqual([
      'sizeBytes',
      'streams.0.type',
    ]);
  });

  it('accepts a quarter-turn rotation and a pixel format, and refuses any other angle', () => {
    const stream = { index: 0, type: 'video', codecName: 'h264', pixelFormat: 'yuv422p10le' };
    const summary = (rotationDeg: number) => ({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec: 1,
      sizeBytes: 1,
      streams: [{ ...stream, rotationDeg }],
    });

    expect(probeSummarySchema.safeParse(summary(90)).success).toBe(true);
    expect(probeSummarySchema.safeParse(summary(45)).success).toBe(false);
  });
});
