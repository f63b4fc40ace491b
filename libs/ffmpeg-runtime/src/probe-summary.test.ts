import { describe, expect, it } from 'vitest';
import { parseProbeOutput } from './probe-summary';

const ffprobeJson = JSON.stringify({
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      r_frame_rate: '30000/1001',
      avg_frame_rate: '30000/1001',
      duration: '12.345000',
      bit_rate: '4000000',
    },
    {
      index: 1,
      codec_name: 'aac',
      codec_type: 'audio',
      sample_rate: '48000',
      channels: 2,
      r_frame_rate: '0/0',
      avg_frame_rate: '0/0',
      duration: '12.330000',
      bit_rate: 'N/A',
    },
    { index: 2, codec_type: 'data', duration: '12.345000' },
    { index: 3, codec_name: 'ttf', codec_type: 'attachment' },
  ],
  format: {
    format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: '12.345000',
    size: '6250000',
    bit_rate: '4050000',
  },
});

describe('Function: parseProbeOutput', () => {
  it('turns ffprobe JSON into a typed summary', () => {
    // Act
    const summary = parseProbeOutput(ffprobeJson, { input: '/in.mp4' });

    // Assess
    expect(summary).toEqual({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec: 12.345,
      sizeBytes: 6_250_000,
      bitRate: 4_050_000,
      streams: [
        {
          index: 0,
          type: 'video',
          codecName: 'h264',
          width: 1920,
          height: 1080,
          frameRate: 30000 / 1001,
          durationSec: 12.345,
          bitRate: 4_000_000,
        },
        {
          index: 1,
          type: 'audio',
          codecName: 'aac',
          sampleRateHz: 48_000,
          channels: 2,
          durationSec: 12.33,
        },
        { index: 2, type: 'data', codecName: 'unknown', durationSec: 12.345 },
        { index: 3, type: 'attachment', codecName: 'ttf' },
      ],
    });
  });

  it('uses the longest stream when the container has no duration', () => {
    // Prepare
    const json = JSON.stringify({
      format: { format_name: 'ogg', duration: 'N/A' },
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'opus', duration: '3.5' },
        { index: 1, codec_type: 'weird', codec_name: 'x', duration: '4.25' },
      ],
    });

    // Act
    const summary = parseProbeOutput(json, { input: '/in.ogg' });

    // Assess
    expect(summary.durationSec).toBe(4.25);
    expect(summary.sizeBytes).toBe(0);
    expect(summary.streams[1]?.type).toBe('data');
  });

  it("keeps a video stream's pixel format and its display matrix rotation as a quarter turn", () => {
    // Prepare: a phone clip (rotation -90) and a 10-bit 4:2:2 one without a matrix
    const json = JSON.stringify({
      format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '2' },
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'h264',
          pix_fmt: 'yuv420p',
          side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }],
        },
        { index: 1, codec_type: 'video', codec_name: 'prores', pix_fmt: 'yuv422p10le' },
        {
          index: 2,
          codec_type: 'video',
          codec_name: 'h264',
          side_data_list: [{ side_data_type: 'Display Matrix', rotation: 45 }],
        },
        { index: 3, codec_type: 'audio', codec_name: 'aac', pix_fmt: 'fltp' },
      ],
    });

    // Act
    const [phone, prores, skewed, audio] = parseProbeOutput(json, { input: '/in.mp4' }).streams;

    // Assess
    expect(phone).toMatchObject({ rotationDeg: 270, pixelFormat: 'yuv420p' });
    expect(prores).toMatchObject({ pixelFormat: 'yuv422p10le' });
    expect(prores).not.toHaveProperty('rotationDeg');
    expect(skewed).not.toHaveProperty('rotationDeg');
    expect(audio).not.toHaveProperty('pixelFormat');
  });

  it.each([['{\n\n}'], ['not json'], ['{"format":{}}']])(
    'throws CorruptInputError for %j',
    (json) => {
      // Act & Assess
      expect(() => parseProbeOutput(json, { input: '/in.mp4' })).toThrow(
        expect.objectContaining({ name: 'CorruptInputError', details: { input: '/in.mp4' } }),
      );
    },
  );
});
