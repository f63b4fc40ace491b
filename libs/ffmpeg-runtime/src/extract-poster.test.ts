import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeoutError, UnsupportedMediaError } from '@reel/error-taxonomy';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { pixelFormatOf, sizeOf } from '../tests/support/picture-probes';
import { buildPosterArgs, buildPosterScoreArgs, posterCandidateTimes } from './build-poster-args';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { BLACK_MEAN_LUMA, choosePosterFrame, parsePosterScores } from './parse-poster-scores';

// prettier-ignore
const ffmpeg = (args: string[]) => execa('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', ...args, '-y']);

/** Mean luma (8-bit) of a picture's first frame, measured by ffmpeg's signalstats, independently of the code under test. */
async function meanLumaOf(path: string, seekSec?: number): Promise<number> {
  // prettier-ignore
  const { stderr } = await execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats',
    ...(seekSec === undefined ? [] : ['-ss', String(seekSec)]), '-i', path, '-frames:v', '1',
    '-vf', 'format=yuv420p,signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG', '-f', 'null', '-']);
  const value = /lavfi\.signalstats\.YAVG=([\d.]+)/.exec(stderr)?.[1];
  if (value === undefined) throw new Error(`no YAVG in:\n${stderr}`);
  return Number(value);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('Function: posterCandidateTimes', () => {
  it('spreads the windows evenly, half a step in from each end', () => {
    // Act & Assess
    expect(posterCandidateTimes({ durationSec: 8, count: 4 })).toEqual([1, 3, 5, 7]);
    expect(() => posterCandidateTimes({ durationSec: 0, count: 4 })).toThrow(/durationSec/);
    expect(() => posterCandidateTimes({ durationSec: 8, count: 0 })).toThrow(/count/);
  });
});

describe('Function: choosePosterFrame', () => {
  it('takes the most detailed frame that is not black, and the brightest when all are', () => {
    // Prepare
    const black = { timeSec: 1, windowIndex: 0, meanLuma: 16, detail: 0.9 };
    const flat = { timeSec: 3, windowIndex: 1, meanLuma: 120, detail: 0.2 };
    const scene = { timeSec: 5, windowIndex: 2, meanLuma: 90, detail: 0.7 };

    // Act & Assess
    expect(choosePosterFrame([black, flat, scene])).toBe(scene);
    expect(choosePosterFrame([black, { ...black, timeSec: 2, meanLuma: 20 }]).timeSec).toBe(2);
  });
});

describe('Function: parsePosterScores', () => {
  it('reads every printed frame with its time, window, luma and detail', () => {
    // Prepare: what metadata=print logs (three filters, one key each).
    const stderr = [
      '[Parsed_metadata_40 @ 0x1] frame:0    pts:2520000 pts_time:2.52',
      '[Parsed_metadata_40 @ 0x1] lavfi.signalstats.YAVG=131.424',
      '[Parsed_metadata_41 @ 0x2] frame:0    pts:2520000 pts_time:2.52',
      '[Parsed_metadata_41 @ 0x2] lavfi.entropy.normalized_entropy.normal.Y=0.686334',
      '[Parsed_metadata_42 @ 0x3] frame:0    pts:2520000 pts_time:2.52',
      '[Parsed_metadata_42 @ 0x3] reel.window=0',
      '[Parsed_metadata_40 @ 0x1] frame:1    pts:6320000 pts_time:6.32',
      '[Parsed_metadata_40 @ 0x1] lavfi.signalstats.YAVG=16',
    ].join('\n');

    // Act & Assess: the second frame is incomplete (the tail was cut) and left out.
    expect(parsePosterScores(stderr)).toEqual([
      { timeSec: 2.52, windowIndex: 0, meanLuma: 131.424, detail: 0.686334 },
    ]);
    expect(() => parsePosterScores('nothing here')).toThrow(/no poster scores/);
  });
});

describe('Function: buildPosterArgs', () => {
  it('seeks to the window, keeps the scored frame and fits it in the box with even sides', () => {
    // Act
    const args = buildPosterArgs({
      input: '/job/in.mp4',
      output: '/job/poster.jpg',
      windowStartSec: 1.875,
      frameTimeSec: 2.52,
      maxWidth: 1280,
      maxHeight: 1280,
      maxOutputBytes: 5_000_000,
    });

    // Assess
    // prettier-ignore
    expect(args.slice(0, 7)).toEqual(['-copyts', '-ss', '1.875000', '-t', '1.000000', '-i', '/job/in.mp4']);
    const filter = args[args.indexOf('-vf') + 1] ?? '';
    expect(filter).toMatch(/^select='gte\(t,2\.519500\)'/);
    expect(filter).toContain('force_divisible_by=2');
    expect(args.slice(-5)).toEqual(['5000000', '-f', 'mjpeg', '-y', '/job/poster.jpg']);
    expect(() =>
      buildPosterArgs({
        ...{ input: '/in.mp4', output: 'poster.jpg' },
        windowStartSec: 0,
        frameTimeSec: 0,
        maxWidth: 1280,
        maxHeight: 1280,
      }),
    ).toThrow(/output/);
  });

  it('scores one seeked input per window and tags each frame with its window', () => {
    // Act
    const args = buildPosterScoreArgs({ input: '/job/in.mp4', candidateTimesSec: [1, 3] });

    // Assess
    expect(args.filter((arg) => arg === '-i')).toHaveLength(2);
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toContain('[1:v:0]scale=160:90');
    expect(graph).toContain('metadata=mode=add:key=reel.window:value=1');
    expect(graph).toContain('interleave=nb_inputs=2');
  });
});

describe('Operation: extractPoster', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let blackIntro: string;
  const runtime = createFfmpegRuntime();

  beforeAll(async () => {
    ({ dir, remove } = await createTempDir());
    // 10 s of a moving pattern whose first 2 s are black.
    blackIntro = join(dir, 'black-intro.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=10', '-vf',
      "drawbox=enable='lt(t,2)':color=black:t=fill", '-c:v', 'libx264', '-preset', 'ultrafast',
      '-pix_fmt', 'yuv420p', blackIntro]);
  });
  afterAll(async () => remove());

  it('picks a frame that is not black from a source whose first 2 s are black', async () => {
    // Prepare
    const output = join(dir, 'poster.jpg');

    // Act
    const poster = await runtime.extractPoster({ input: blackIntro, output, durationSec: 10 });

    // Assess: the source's first frame is black, the poster (measured on the JPEG) is not.
    expect(await meanLumaOf(blackIntro)).toBeLessThan(BLACK_MEAN_LUMA);
    const measured = await meanLumaOf(output);
    expect(measured).toBeGreaterThan(60);
    expect(Math.abs(measured - poster.meanLuma)).toBeLessThan(10);
    expect(poster.timeSec).toBeGreaterThanOrEqual(2);
    expect(poster).toMatchObject({ path: output, width: 640, height: 360 });
    expect(await sizeOf(output)).toEqual({ width: 640, height: 360 });
    // The poster is the source's frame at timeSec (read the same way: -copyts times).
    expect(Math.abs((await meanLumaOf(blackIntro, poster.timeSec)) - measured)).toBeLessThan(3);
  });

  it('fits a large source in the box and never enlarges a small one', async () => {
    // Prepare
    const wide = await makeClip(join(dir, 'wide.mp4'), {
      durationSec: 1,
      width: 1920,
      height: 1080,
      audio: false,
    });
    const small = await makeClip(join(dir, 'small.mp4'), {
      durationSec: 2,
      width: 320,
      height: 240,
    });

    // Act
    // Two windows are enough here, and keep the one 1080p decode of this file small.
    const fromWide = await runtime.extractPoster({
      input: wide,
      output: join(dir, 'wide.jpg'),
      candidateCount: 2,
    });
    const fromSmall = await runtime.extractPoster({
      input: small,
      output: join(dir, 'small.jpg'),
      maxWidth: 640,
      maxHeight: 360,
    });

    // Assess
    expect(await sizeOf(fromWide.path)).toEqual({ width: 1280, height: 720 });
    expect(await sizeOf(fromSmall.path)).toEqual({ width: 320, height: 240 });
  });

  it('makes an upright, even-sized 4:2:0 poster from odd dimensions, 10-bit 4:2:2 and rotation metadata', async () => {
    // Prepare
    const odd = await makeClip(join(dir, 'odd.mp4'), {
      durationSec: 1,
      width: 321,
      height: 241,
      extraArgs: ['-pix_fmt', 'yuv444p'],
    });
    const tenBit = join(dir, 'ten-bit.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=2', '-c:v', 'libx264',
      '-preset', 'ultrafast', '-pix_fmt', 'yuv422p10le', tenBit]);
    const rotated = join(dir, 'rotated.mp4');
    await ffmpeg([
      '-i',
      blackIntro,
      '-t',
      '4',
      '-c',
      'copy',
      '-metadata:s:v:0',
      'rotate=90',
      rotated,
    ]);

    // Act
    const fromOdd = await runtime.extractPoster({ input: odd, output: join(dir, 'odd.jpg') });
    const fromTenBit = await runtime.extractPoster({ input: tenBit, output: join(dir, '10.jpg') });
    const fromRotated = await runtime.extractPoster({
      input: rotated,
      output: join(dir, 'rot.jpg'),
    });

    // Assess
    expect(await sizeOf(fromOdd.path)).toEqual({ width: 320, height: 240 });
    expect(await sizeOf(fromTenBit.path)).toEqual({ width: 640, height: 360 });
    for (const { path } of [fromOdd, fromTenBit]) {
      expect(await pixelFormatOf(path)).toBe('yuvj420p');
    }
    expect(fromTenBit.meanLuma).toBeGreaterThan(60);
    expect(await sizeOf(fromRotated.path)).toEqual({ width: 360, height: 640 });
    expect(fromRotated).toMatchObject({ width: 360, height: 640 });
  });

  it('refuses an audio-only input with an UnsupportedMediaError naming it', async () => {
    // Prepare
    const audio = await makeClip(join(dir, 'talk.m4a'), {
      video: false,
      extraArgs: ['-c:a', 'aac'],
    });
    const output = join(dir, 'none.jpg');

    // Act
    const failure = runtime.extractPoster({ input: audio, inputLabel: 'talk.m4a', output });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(UnsupportedMediaError);
    await expect(failure).rejects.toThrow(/talk\.m4a has no video stream/);
    expect(await exists(output)).toBe(false);
  });

  it('stops at a passed deadline with a TimeoutError and leaves no poster', async () => {
    // Prepare
    const output = join(dir, 'late.jpg');

    // Act
    const failure = runtime.extractPoster({
      input: blackIntro,
      output,
      deadlineAtMs: Date.now() - 1,
    });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TimeoutError);
    expect(await exists(output)).toBe(false);
  });
});
