import { describe, expect, it } from 'vitest';
import { buildAsrWavArgs } from './build-asr-wav-args';
import { buildAudioSegmentArgs } from './build-audio-segment-args';
import { buildH264RenderArgs } from './build-h264-render-args';
import { buildMp3Args } from './build-mp3-args';
import { buildPacketScanArgs } from './build-packet-scan-args';
import { buildSilenceDetectArgs } from './build-silence-detect-args';
import { guardInputs } from './input-guard';
import { outputByteLimit } from './output-limits';

describe('Builders: read and output limits', () => {
  it.each([
    [
      'buildMp3Args',
      buildMp3Args({ input: '/in.mkv', output: '/a.mp3', readLimitSec: 61, maxOutputBytes: 5000 }),
    ],
    [
      'buildAsrWavArgs',
      buildAsrWavArgs({
        input: '/in.mkv',
        output: '/a.wav',
        readLimitSec: 61,
        maxOutputBytes: 5000,
      }),
    ],
    [
      'buildH264RenderArgs',
      buildH264RenderArgs({
        input: '/in.mkv',
        output: '/a.mp4',
        height: 360,
        readLimitSec: 61,
        maxOutputBytes: 5000,
      }),
    ],
  ])('%s reads at most readLimitSec of the input and writes at most maxOutputBytes', (_, args) => {
    // Assess: -t before -i is an input option (read limit); -fs before the output path.
    expect(args.slice(0, 4)).toEqual(['-t', '61.000000', '-i', '/in.mkv']);
    expect(args.indexOf('-fs')).toBeGreaterThan(args.indexOf('-i'));
    expect(args[args.indexOf('-fs') + 1]).toBe('5000');
  });

  it.each([
    [
      'buildAudioSegmentArgs',
      buildAudioSegmentArgs({ input: '/in.mkv', outputDir: '/seg', readLimitSec: 61 }),
    ],
    [
      'buildSilenceDetectArgs',
      buildSilenceDetectArgs({ input: '/in.mkv', logFile: '/s.txt', readLimitSec: 61 }),
    ],
    ['buildPacketScanArgs', buildPacketScanArgs({ input: '/in.mkv', readLimitSec: 61 })],
  ])('%s reads at most readLimitSec of the input', (_, args) => {
    expect(args.slice(0, 4)).toEqual(['-t', '61.000000', '-i', '/in.mkv']);
  });

  it('cuts an ASR range at the read limit when the range is longer', () => {
    // Act
    const args = buildAsrWavArgs({
      input: '/in.wav',
      output: '/c.wav',
      startSec: 10,
      durationSec: 90,
      readLimitSec: 61,
    });

    // Assess
    expect(args.slice(0, 6)).toEqual(['-ss', '10.000000', '-t', '61.000000', '-i', '/in.wav']);
  });

  it('refuses a read limit that is not a positive number', () => {
    expect(() => buildMp3Args({ input: '/in.mkv', output: '/a.mp3', readLimitSec: 0 })).toThrow(
      TypeError,
    );
    expect(() => buildMp3Args({ input: '/in.mkv', output: '/a.mp3', maxOutputBytes: 1.5 })).toThrow(
      TypeError,
    );
  });

  it('scans packets by stream copy to null: audio and video, nothing decoded', () => {
    expect(buildPacketScanArgs({ input: '/in.mp4' })).toEqual([
      '-i',
      '/in.mp4',
      '-map',
      '0:v?',
      '-map',
      '0:a?',
      '-c',
      'copy',
      '-f',
      'null',
      '-',
    ]);
  });
});

describe('Function: guardInputs', () => {
  it('limits every input to maxStreams streams', () => {
    // Act
    const args = guardInputs(['-i', '/a.mp4', '-i', '/b.wav', '/out.mp4'], {
      allowedFormats: ['mp4', 'wav'],
      maxStreams: 16,
    });

    // Assess
    expect(args.filter((arg) => arg === '-max_streams')).toHaveLength(2);
    expect(args.slice(4, 7)).toEqual(['-max_streams', '16', '-i']);
  });
});

describe('Function: outputByteLimit', () => {
  it('is 5 % and 1 MiB above the most a legitimate output can reach', () => {
    expect(outputByteLimit({ bytesPerSec: 40_000, readLimitSec: 100 })).toBe(4_200_000 + 1_048_576);
  });
});
