import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedMediaError } from '@reel/error-taxonomy';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { buildEbur128Args } from './build-ebur128-args';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { parseEbur128Summary } from './parse-ebur128-summary';

// prettier-ignore
const ffmpeg = (args: string[]) => execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', ...args]);

/** ffmpeg's ebur128 run directly (its defaults, frame log and all), read with its own regexes. */
async function ebur128Direct(path: string) {
  const { stderr } = await ffmpeg(['-i', path, '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const number = (pattern: RegExp) => Number(pattern.exec(summary)?.[1] ?? Number.NaN);
  return {
    integratedLufs: number(/I:\s+(-?[\d.]+) LUFS/),
    loudnessRangeLu: number(/LRA:\s+(-?[\d.]+) LU/),
    truePeakDbtp: number(/Peak:\s+(-?[\d.]+) dBFS/),
  };
}

const SUMMARY = `[Parsed_ebur128_0 @ 0x55c231c94240] Summary:

  Integrated loudness:
    I:         -21.8 LUFS
    Threshold: -31.8 LUFS

  Loudness range:
    LRA:         4.1 LU
    Threshold: -41.8 LUFS
    LRA low:   -23.8 LUFS
    LRA high:  -19.7 LUFS

  True peak:
    Peak:      -12.1 dBFS`;

describe('Function: parseEbur128Summary', () => {
  it('reads integrated loudness, loudness range and true peak from the summary', () => {
    // Act & Assess
    expect(parseEbur128Summary(`noise\n${SUMMARY}\n`)).toEqual({
      integratedLufs: -21.8,
      loudnessRangeLu: 4.1,
      truePeakDbtp: -12.1,
    });
  });

  it('reports silence as no loudness and no peak', () => {
    // Prepare: what ebur128 prints for digital silence.
    const silence = SUMMARY.replace('-21.8 LUFS', '-70.0 LUFS').replace('-12.1 dBFS', '-inf dBFS');

    // Act & Assess
    expect(parseEbur128Summary(silence)).toMatchObject({
      integratedLufs: null,
      truePeakDbtp: null,
    });
  });

  it('fails with an InternalError when there is no summary or a section is missing', () => {
    // Act & Assess
    expect(() => parseEbur128Summary('[out#0] nothing')).toThrow(/no ebur128 summary/);
    expect(() => parseEbur128Summary(SUMMARY.replace(/True peak:[\s\S]*$/, ''))).toThrow(
      /no true peak/,
    );
  });
});

describe('Function: buildEbur128Args', () => {
  it('measures the first audio stream with true peak on and writes nothing', () => {
    // Act & Assess
    // prettier-ignore
    expect(buildEbur128Args({ input: '/job/a.m4a', readLimitSec: 61 })).toEqual([
      '-t', '61.000000', '-i', '/job/a.m4a', '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-',
    ]);
  });
});

describe('Operation: measureLoudness', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let speechLike: string;
  const runtime = createFfmpegRuntime();

  beforeAll(async () => {
    ({ dir, remove } = await createTempDir());
    // 12 s of a quiet tone (≈ −31 LUFS) that swells and falls (a loudness range) beside a picture.
    speechLike = join(dir, 'programme.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=12',
      '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=12',
      '-af', "volume=eval=frame:volume='0.55+0.45*sin(2*PI*t/6)',volume=-10dB", '-c:v', 'libx264',
      '-preset', 'ultrafast', '-c:a', 'aac', '-b:a', '128k', '-shortest', '-y', speechLike]);
  });
  afterAll(async () => remove());

  it("agrees with ffmpeg's own ebur128 on the same file within 0.5 LU", async () => {
    // Act
    const measured = await runtime.measureLoudness({ input: speechLike, durationSec: 12 });

    // Assess
    const direct = await ebur128Direct(speechLike);
    expect(measured.integratedLufs).not.toBeNull();
    expect(Math.abs((measured.integratedLufs ?? 0) - direct.integratedLufs)).toBeLessThanOrEqual(
      0.5,
    );
    expect(Math.abs(measured.loudnessRangeLu - direct.loudnessRangeLu)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((measured.truePeakDbtp ?? 0) - direct.truePeakDbtp)).toBeLessThanOrEqual(0.5);
    expect(measured.loudnessRangeLu).toBeGreaterThan(1);
  });

  it('measures a file normalised to −23 LUFS by two-pass loudnorm within 1 LU of −23', async () => {
    // Prepare: loudnorm pass 1 measures, pass 2 applies one linear gain.
    const target = 'I=-23:TP=-2:LRA=11';
    const { stderr } = await ffmpeg([
      '-i',
      speechLike,
      '-map',
      '0:a:0',
      '-af',
      `loudnorm=${target}:print_format=json`,
      '-f',
      'null',
      '-',
    ]);
    const report = JSON.parse(
      stderr.slice(stderr.lastIndexOf('{'), stderr.lastIndexOf('}') + 1),
    ) as Record<string, string>;
    const normalised = join(dir, 'broadcast.m4a');
    // prettier-ignore
    await ffmpeg(['-i', speechLike, '-map', '0:a:0', '-af',
      `loudnorm=${target}:measured_I=${report['input_i']}:measured_TP=${report['input_tp']}:` +
      `measured_LRA=${report['input_lra']}:measured_thresh=${report['input_thresh']}:` +
      `offset=${report['target_offset']}:linear=true`,
      '-ar', '48000', '-c:a', 'aac', '-b:a', '128k', '-y', normalised]);

    // Act
    const before = await runtime.measureLoudness({ input: speechLike });
    const after = await runtime.measureLoudness({ input: normalised });

    // Assess: it was far from the target before, and is at it after.
    expect(Math.abs((before.integratedLufs ?? 0) + 23)).toBeGreaterThan(3);
    expect(Math.abs((after.integratedLufs ?? 0) + 23)).toBeLessThanOrEqual(1);
  });

  it('refuses an input without audio with an UnsupportedMediaError naming it', async () => {
    // Prepare
    const silentFilm = await makeClip(join(dir, 'film.mp4'), { audio: false });

    // Act
    const failure = runtime.measureLoudness({ input: silentFilm, inputLabel: 'film.mp4' });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(UnsupportedMediaError);
    await expect(failure).rejects.toThrow(/film\.mp4/);
  });
});
