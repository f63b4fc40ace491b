import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedMediaError } from '@reel/error-taxonomy';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { buildMp3Args } from './build-mp3-args';
import { DEFAULT_INPUT_FORMATS } from './input-guard';
import type { FfmpegProgress } from './progress-parser';
import { buildFfmpegArgv, runFfmpeg } from './run-ffmpeg';

describe('Function: buildFfmpegArgv', () => {
  it('adds -nostdin -hide_banner -nostats and guards every input', () => {
    // Act
    const argv = buildFfmpegArgv({ args: ['-i', '/in.mp4', '/out.mp3'] });

    // Assess
    expect(argv).toEqual([
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-protocol_whitelist',
      'file,pipe',
      '-format_whitelist',
      DEFAULT_INPUT_FORMATS.join(','),
      '-i',
      '/in.mp4',
      '/out.mp3',
    ]);
  });

  it('asks for machine-readable progress on stdout when progress is wanted', () => {
    // Act
    const argv = buildFfmpegArgv({ args: ['-version'], progress: true });

    // Assess
    expect(argv).toEqual([
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-progress',
      'pipe:1',
      '-version',
    ]);
  });
});

describe('Function: runFfmpeg', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => remove());

  it('reports increasing percentages of the duration, ending at 100', async () => {
    // Prepare: -re reads the 2 s input in real time, so several progress blocks arrive.
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 2 });
    const output = join(dir, 'audio.mp3');
    const reports: FfmpegProgress[] = [];

    // Act
    await runFfmpeg({
      operation: 'extract-audio-mp3',
      args: ['-re', ...buildMp3Args({ input, output })],
      durationSec: 2,
      onProgress: (progress) => reports.push(progress),
    });

    // Assess
    const percents = reports.map(({ percent }) => percent);
    expect(percents.length).toBeGreaterThanOrEqual(3);
    expect(
      percents.every((percent, index) => index === 0 || percent > (percents[index - 1] ?? 0)),
    ).toBe(true);
    expect(percents.at(-1)).toBe(100);
    expect(reports.at(-1)?.done).toBe(true);
    expect((await ffprobeJson(output)).streams[0]?.codec_name).toBe('mp3');
  });

  it('lets a lavfi input through because the argv forces its demuxer', async () => {
    // Prepare
    const output = join(dir, 'tone.wav');

    // Act
    await runFfmpeg({
      operation: 'generate',
      args: ['-f', 'lavfi', '-i', 'sine=duration=0.5', '-c:a', 'pcm_s16le', '-y', output],
    });

    // Assess
    const { format } = await ffprobeJson(output);
    expect(Number(format.duration)).toBeCloseTo(0.5, 1);
  });

  it('refuses an input whose container is off the given allow-list', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });

    // Act
    const run = runFfmpeg({
      operation: 'extract-audio-mp3',
      args: buildMp3Args({ input, output: join(dir, 'audio.mp3') }),
      allowedInputFormats: ['wav'],
    });

    // Assess
    await expect(run).rejects.toThrow(UnsupportedMediaError);
  });
});
