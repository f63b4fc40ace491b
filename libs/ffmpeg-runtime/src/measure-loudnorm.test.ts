import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedMediaError } from '@reel/error-taxonomy';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

// prettier-ignore
const ffmpeg = (args: string[]) => execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', ...args, '-y']);

describe('Operation: measureLoudnorm', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();
  const targets = { integratedLufs: -16, truePeakDb: -1 };

  beforeAll(async () => ({ dir, remove } = await createTempDir()));
  afterAll(async () => remove());

  it("measures the sound beside a video as pass 2's options, agreeing with measureLoudness", async () => {
    // Prepare: 6 s of a quiet tone beside a picture.
    const input = join(dir, 'quiet.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=6', '-f', 'lavfi',
      '-i', 'sine=frequency=330:sample_rate=48000:duration=6', '-af', 'volume=-14dB',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', input]);

    // Act
    const { measured, report } = await runtime.measureLoudnorm({
      input,
      ...targets,
      durationSec: 6,
    });

    // Assess
    const ebur128 = await runtime.measureLoudness({ input });
    expect(measured).toBeDefined();
    expect(Math.abs((measured?.integratedLufs ?? 0) - (ebur128.integratedLufs ?? 0))).toBeLessThan(
      0.5,
    );
    expect(measured?.targetOffsetLu).toBeTypeOf('number');
    expect(report.input.integratedLufs).toBe(measured?.integratedLufs);
    expect(measured?.integratedLufs).toBeLessThan(-25);
  });

  it('gives no measured values for a silent input', async () => {
    // Prepare
    const silent = join(dir, 'silent.wav');
    await ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo', '-t', '2', silent]);

    // Act
    const { measured, report } = await runtime.measureLoudnorm({ input: silent, ...targets });

    // Assess
    expect(measured).toBeUndefined();
    expect(report.input.integratedLufs).toBeNull();
  });

  it('refuses an input without audio with an UnsupportedMediaError naming it', async () => {
    // Prepare
    const film = await makeClip(join(dir, 'film.mp4'), { audio: false });

    // Act
    const failure = runtime.measureLoudnorm({ input: film, inputLabel: 'film.mp4', ...targets });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(UnsupportedMediaError);
    await expect(failure).rejects.toThrow(/film\.mp4/);
  });
});
