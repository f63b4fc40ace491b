import { transcodeOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { buildLadder } from './build-ladder';

const defaults = transcodeOptionsSchema.parse({});
const stereo = { channels: 2, sampleRateHz: 48_000 };

describe('Function: buildLadder', () => {
  it('gives a 1080p30 source the default 1080/720/480 ladder with one GOP per 4 s segment', () => {
    // Act
    const plan = buildLadder(
      { durationSec: 60, video: { width: 1920, height: 1080, frameRate: 30 }, audio: stereo },
      defaults,
    );

    // Assess
    expect(
      plan.video.map(({ name, width, height, level, codecs }) => [
        name,
        width,
        height,
        level,
        codecs,
      ]),
    ).toEqual([
      ['1080p', 1920, 1080, '4', 'avc1.640028'],
      ['720p', 1280, 720, '3.1', 'avc1.64001f'],
      // 854×480 is 1620 macroblocks: × 30 fps passes level 3's 40 500 per second.
      ['480p', 854, 480, '3.1', 'avc1.64001f'],
    ]);
    expect(plan.video.map(({ bitrateKbps }) => bitrateKbps)).toEqual([5000, 3000, 1400]);
    expect(plan).toMatchObject({ frameRate: 30, gopFrames: 120, gopDurationSec: 4 });
    expect(plan.audio).toEqual({
      codecs: 'mp4a.40.2',
      channels: 2,
      sampleRateHz: 48_000,
      bitrateKbps: 128,
    });
  });

  it('never upscales: a 360p source gets one rung at its own height, or the lower rungs asked for', () => {
    // Prepare
    const source = { durationSec: 10, video: { width: 640, height: 360, frameRate: 25 } };

    // Act
    const alone = buildLadder(source, defaults);
    const withLower = buildLadder(source, { ...defaults, rungs: [720, 360, 240] });

    // Assess
    expect(alone.video.map(({ name, width, height }) => [name, width, height])).toEqual([
      ['360p', 640, 360],
    ]);
    expect(withLower.video.map(({ name, width, height }) => [name, width, height])).toEqual([
      ['360p', 640, 360],
      ['240p', 426, 240],
    ]);
    expect(alone.audio).toBeUndefined();
  });

  it('names a portrait rung by its short side and keeps the 9:16 aspect', () => {
    const plan = buildLadder(
      { durationSec: 10, video: { width: 1080, height: 1920, frameRate: 30 } },
      defaults,
    );

    expect(plan.video.map(({ name, width, height }) => [name, width, height])).toEqual([
      ['1080p', 1080, 1920],
      ['720p', 720, 1280],
      ['480p', 480, 854],
    ]);
  });

  it('makes both sides even for an odd-sized source', () => {
    const plan = buildLadder(
      { durationSec: 10, video: { width: 641, height: 359, frameRate: 25 } },
      defaults,
    );

    expect(plan.video.map(({ name, width, height }) => [name, width, height])).toEqual([
      ['358p', 640, 358],
    ]);
  });

  it('caps every rung at the source picture bit rate', () => {
    const plan = buildLadder(
      {
        durationSec: 10,
        video: { width: 1920, height: 1080, frameRate: 30, bitRateBps: 2_000_000 },
      },
      defaults,
    );

    expect(plan.video.map(({ bitrateKbps }) => bitrateKbps)).toEqual([2000, 2000, 1400]);
    expect(plan.video[0]).toMatchObject({ maxrateKbps: 3000, bufsizeKbps: 4000 });
  });

  it('spends more bits and a higher level on 60 fps', () => {
    const plan = buildLadder(
      { durationSec: 10, video: { width: 1920, height: 1080, frameRate: 60 } },
      defaults,
    );

    expect(plan.video[0]).toMatchObject({ bitrateKbps: 7500, level: '4.2', codecs: 'avc1.64002a' });
    expect(plan.gopFrames).toBe(240);
  });

  it('encodes a claimed 1000 fps at 60 and NTSC rates exactly, with whole-frame segments', () => {
    const claimed = buildLadder(
      { durationSec: 10, video: { width: 640, height: 360, frameRate: 1000 } },
      defaults,
    );
    const ntsc = buildLadder(
      { durationSec: 10, video: { width: 640, height: 360, frameRate: 30000 / 1001 } },
      defaults,
    );

    expect(claimed.frameRateFraction).toEqual({ numerator: 60, denominator: 1 });
    expect(ntsc.frameRateFraction).toEqual({ numerator: 30000, denominator: 1001 });
    expect(ntsc.gopFrames).toBe(120);
    expect(ntsc.gopDurationSec).toBeCloseTo(4.004, 6);
  });

  it('keeps a mono source mono and gives an audio-only source no video rungs', () => {
    const plan = buildLadder(
      { durationSec: 10, audio: { channels: 1, sampleRateHz: 44_100 } },
      defaults,
    );

    expect(plan.video).toEqual([]);
    expect(plan.audio).toEqual({
      codecs: 'mp4a.40.2',
      channels: 1,
      sampleRateHz: 44_100,
      bitrateKbps: 64,
    });
  });

  it('downmixes surround to stereo at 48 kHz when the source rate is unusual', () => {
    const plan = buildLadder(
      { durationSec: 10, audio: { channels: 6, sampleRateHz: 32_000 } },
      defaults,
    );

    expect(plan.audio).toMatchObject({ channels: 2, sampleRateHz: 48_000, bitrateKbps: 128 });
  });

  it.each([0, 0.5, 31, 3600, Number.NaN])(
    'refuses a segment duration of %s s',
    (segmentDurationSec) => {
      expect(() =>
        buildLadder(
          { durationSec: 10, video: { width: 640, height: 360 } },
          { ...defaults, segmentDurationSec },
        ),
      ).toThrow(TypeError);
    },
  );

  it('refuses a source with neither picture nor sound with a typed error', () => {
    expect(() => buildLadder({ durationSec: 10 }, defaults)).toThrow(
      expect.objectContaining({ name: 'UnsupportedMediaError' }),
    );
  });
});
