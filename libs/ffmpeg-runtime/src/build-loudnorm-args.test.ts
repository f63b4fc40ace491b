import { describe, expect, it } from 'vitest';
import {
  buildLoudnormApplyArgs,
  buildLoudnormApplyFilter,
  buildLoudnormMeasureArgs,
} from './build-loudnorm-args';
import { buildAacRenditionArgs } from './encode-aac-rendition';

const measured = {
  integratedLufs: -30.2,
  truePeakDb: -9.1,
  loudnessRangeLu: 4.2,
  thresholdLufs: -40.6,
  targetOffsetLu: 0.3,
};

describe('Function: buildLoudnormMeasureArgs', () => {
  it('measures the first audio stream with loudnorm into a null output', () => {
    // Act
    const args = buildLoudnormMeasureArgs({
      input: '/job/render.mp4',
      integratedLufs: -16,
      truePeakDb: -1,
      readLimitSec: 100,
    });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-t', '100.000000', '-i', '/job/render.mp4',
      '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-af', 'loudnorm=I=-16:TP=-1:LRA=11:print_format=json',
      '-f', 'null', '-',
    ]);
  });

  it('refuses targets loudnorm cannot reach', () => {
    // Act / Assess
    expect(() =>
      buildLoudnormMeasureArgs({ input: '/in.mp4', integratedLufs: -16, truePeakDb: 2 }),
    ).toThrow(/truePeakDb must be within/);
  });
});

describe('Function: buildLoudnormApplyArgs', () => {
  it('applies the measurements in linear mode and encodes a 44.1 kHz CBR MP3 with ID3v2.3', () => {
    // Act
    const args = buildLoudnormApplyArgs({
      input: '/job/render.mp4',
      output: '/job/episode.mp3',
      integratedLufs: -16,
      truePeakDb: -1,
      bitrateKbps: 128,
      measured,
      maxOutputBytes: 1000,
    });

    // Assess
    const filter = args[args.indexOf('-af') + 1];
    expect(filter).toBe(
      'loudnorm=I=-16:TP=-1:LRA=11:measured_I=-30.2:measured_TP=-9.1:measured_LRA=4.2:measured_thresh=-40.6:offset=0.3:linear=true',
    );
    expect(args.join(' ')).toContain('-ar 44100 -c:a libmp3lame -b:a 128k -id3v2_version 3');
    expect(args.join(' ')).toContain('-fs 1000 -f mp3 -y /job/episode.mp3');
    expect(args.join(' ')).toContain('-map_metadata -1');
  });

  it('encodes without loudnorm when there is no measurement (a silent input)', () => {
    // Act
    const args = buildLoudnormApplyArgs({
      input: '/in.mp4',
      output: '/out.mp3',
      integratedLufs: -16,
      truePeakDb: -1,
      bitrateKbps: 96,
      measured: undefined,
    });

    // Assess
    expect(args).not.toContain('-af');
    expect(args.join(' ')).toContain('-c:a libmp3lame -b:a 96k');
  });
});

describe('Function: buildLoudnormApplyFilter', () => {
  it('is the filter of both normalising encodes: the podcast MP3 and the AAC rendition', () => {
    // Act
    const filter = buildLoudnormApplyFilter({ integratedLufs: -23, truePeakDb: -1, measured });
    const mp3Args = buildLoudnormApplyArgs({
      input: '/in.mp4',
      output: '/out.mp3',
      integratedLufs: -23,
      truePeakDb: -1,
      bitrateKbps: 128,
      measured,
    });
    const aacArgs = buildAacRenditionArgs({
      input: '/in.mp4',
      output: '/audio.mp4',
      audio: { channels: 2, sampleRateHz: 48_000, bitrateKbps: 128 },
      loudness: { integratedLufs: -23, measured },
      readLimitSec: 100,
    });

    // Assess
    expect(filter).toBe(
      'loudnorm=I=-23:TP=-1:LRA=11:measured_I=-30.2:measured_TP=-9.1:measured_LRA=4.2:measured_thresh=-40.6:offset=0.3:linear=true',
    );
    expect(mp3Args[mp3Args.indexOf('-af') + 1]).toBe(filter);
    expect(aacArgs[aacArgs.indexOf('-af') + 1]).toBe(filter);
  });

  it('refuses a target loudnorm cannot reach, for the AAC rendition too', () => {
    // Act / Assess
    expect(() =>
      buildAacRenditionArgs({
        input: '/in.mp4',
        output: '/audio.mp4',
        audio: { channels: 2, sampleRateHz: 48_000, bitrateKbps: 128 },
        loudness: { integratedLufs: -80, measured },
        readLimitSec: 100,
      }),
    ).toThrow(/integratedLufs must be within -70…-5, got -80/);
  });
});
