import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../tests/support/media-fixtures';
import {
  countFrames,
  framePtsSec,
  keyframeTimesSec,
  makeSource,
  videoInfo,
  withRotation,
  RUNG_240P,
  RUNG_360P,
} from '../tests/support/transcode-fixtures';
import type { EncodeLadderPlan } from './build-encode-ladder-args';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

const rung360 = RUNG_360P;
const rung240 = RUNG_240P;
const plan25: EncodeLadderPlan = {
  frameRateFraction: { numerator: 25, denominator: 1 },
  gopFrames: 50,
  video: [rung360, rung240],
};

describe('Method: encodeLadder', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
  });
  afterEach(async () => remove());

  it('encodes every rung in one process with keyframes at the same times on the segment grid', async () => {
    // Prepare: 9 s at 25 fps, 2 s segments
    const input = await makeSource(join(dir, 'source.mp4'), { durationSec: 9 });
    const outputs = { '360p': join(dir, '360p.mp4'), '240p': join(dir, '240p.mp4') };
    const percents: number[] = [];

    // Act
    const run = await runtime.encodeLadder({
      input,
      plan: plan25,
      outputs,
      expectedDurationSec: 9,
      onProgress: ({ percent }) => percents.push(percent),
    });

    // Assess: one ffmpeg run, one input, progress to 100
    expect(run.argv.filter((arg) => arg === '-i')).toHaveLength(1);
    expect(percents.at(-1)).toBe(100);
    expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(run.rungs.map(({ name, frameCount }) => [name, frameCount])).toEqual([
      ['360p', 225],
      ['240p', 225],
    ]);
    const [top, low] = [await videoInfo(outputs['360p']), await videoInfo(outputs['240p'])];
    expect(top).toMatchObject({
      width: 640,
      height: 360,
      profile: 'High',
      level: 30,
      pixFmt: 'yuv420p',
    });
    expect(low).toMatchObject({
      width: 426,
      height: 240,
      profile: 'High',
      level: 21,
      pixFmt: 'yuv420p',
    });
    const keyframes = await keyframeTimesSec(outputs['360p']);
    expect(keyframes).toEqual([0, 2, 4, 6, 8]);
    expect(await keyframeTimesSec(outputs['240p'])).toEqual(keyframes);
    expect(await countFrames(outputs['240p'])).toBe(225);
  });

  it('encodes the lowest rung alone when asked, and refuses a rung it has no path for', async () => {
    const input = await makeSource(join(dir, 'source.mp4'), { durationSec: 2 });

    const run = await runtime.encodeLadder({
      input,
      plan: plan25,
      rungNames: ['240p'],
      outputs: { '240p': join(dir, '240p.mp4') },
      expectedDurationSec: 2,
    });
    const refused = await runtime
      .encodeLadder({ input, plan: plan25, outputs: {}, expectedDurationSec: 2 })
      .catch((error: unknown) => error);

    expect(run.rungs.map(({ name }) => name)).toEqual(['240p']);
    expect(refused).toBeInstanceOf(TypeError);
  });

  it('fails with a typed error and leaves no rung behind past its deadline', async () => {
    const input = await makeSource(join(dir, 'source.mp4'), { durationSec: 4 });

    const failure = await runtime
      .encodeLadder({
        input,
        plan: plan25,
        outputs: { '360p': join(dir, '360p.mp4'), '240p': join(dir, '240p.mp4') },
        expectedDurationSec: 4,
        deadlineAtMs: Date.now() + 50,
      })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'TimeoutError' });
    expect(await readdir(dir)).toEqual(['source.mp4']);
  });

  describe('hostile inputs', () => {
    it('encodes an odd-sized source to the even rung it is planned to', async () => {
      const input = await makeSource(join(dir, 'odd.mp4'), {
        durationSec: 1,
        width: 641,
        height: 359,
        outputArgs: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv444p'],
      });
      const output = join(dir, '358p.mp4');

      await runtime.encodeLadder({
        input,
        plan: { ...plan25, video: [{ ...rung360, name: '358p', height: 358 }] },
        outputs: { '358p': output },
        expectedDurationSec: 1,
      });

      expect(await videoInfo(output)).toMatchObject({ width: 640, height: 358, pixFmt: 'yuv420p' });
    });

    it('turns a picture with 90° rotation metadata upright, without the metadata', async () => {
      const plain = await makeSource(join(dir, 'plain.mp4'), { durationSec: 1 });
      const input = await withRotation(plain, join(dir, 'rotated.mp4'), 90);
      expect((await videoInfo(input)).rotation).toBeDefined();
      const output = join(dir, 'portrait.mp4');

      await runtime.encodeLadder({
        input,
        plan: { ...plan25, video: [{ ...rung360, width: 360, height: 640 }] },
        outputs: { '360p': output },
        expectedDurationSec: 1,
      });

      const info = await videoInfo(output);
      expect(info).toMatchObject({ width: 360, height: 640 });
      expect(info.rotation).toBeUndefined();
    });

    it('encodes a 10-bit 4:2:2 source as 8-bit 4:2:0 High', async () => {
      const input = await makeSource(join(dir, 'prores.mov'), {
        durationSec: 1,
        outputArgs: ['-c:v', 'prores_ks', '-profile:v', '2', '-pix_fmt', 'yuv422p10le'],
      });
      expect((await videoInfo(input)).pixFmt).toBe('yuv422p10le');
      const output = join(dir, '360p.mp4');

      await runtime.encodeLadder({
        input,
        plan: { ...plan25, video: [rung360] },
        outputs: { '360p': output },
        expectedDurationSec: 1,
      });

      expect(await videoInfo(output)).toMatchObject({ profile: 'High', pixFmt: 'yuv420p' });
    });

    it('makes a variable-rate source constant-rate on the plan grid', async () => {
      // Prepare: 25 fps for 1 s, then 2 s at 5 fps (frames 200 ms apart)
      const input = await makeSource(join(dir, 'vfr.mkv'), {
        durationSec: 3,
        outputArgs: [
          '-vf',
          "select='lt(t,1)+not(mod(n,5))'",
          '-fps_mode',
          'vfr',
          ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
        ],
      });
      const inputPts = await framePtsSec(input);
      expect(inputPts.length).toBeLessThan(50);
      const output = join(dir, '360p.mp4');

      const { rungs } = await runtime.encodeLadder({
        input,
        plan: { ...plan25, video: [rung360] },
        outputs: { '360p': output },
        expectedDurationSec: 3,
      });

      const pts = await framePtsSec(output);
      const steps = new Set(
        pts.slice(1).map((time, index) => Math.round((time - (pts[index] ?? 0)) * 1000)),
      );
      expect(steps).toEqual(new Set([40]));
      expect(rungs[0]?.frameCount).toBe(pts.length);
      expect(Math.abs(pts.length - 75)).toBeLessThanOrEqual(5);
    });

    it('refuses a plan without video rungs, and a plan with rungs for an input without a picture, leaving nothing', async () => {
      const input = await makeSource(join(dir, 'tone.m4a'), {
        durationSec: 1,
        audio: true,
        outputArgs: ['-map', '1:a'],
      });

      const noRungs = await runtime
        .encodeLadder({
          input,
          plan: { ...plan25, video: [] },
          outputs: {},
          expectedDurationSec: 1,
        })
        .catch((error: unknown) => error);
      const noPicture = await runtime
        .encodeLadder({
          input,
          plan: plan25,
          outputs: { '360p': join(dir, 'a.mp4'), '240p': join(dir, 'b.mp4') },
          expectedDurationSec: 1,
        })
        .catch((error: unknown) => error);

      expect(noRungs).toMatchObject({ name: 'UnsupportedMediaError' });
      // ffmpeg's "Stream specifier ':v:0' … matches no streams": the input has no picture, which
      // the error table reports as unsupported media (advice: send a file with a video stream).
      expect(noPicture).toMatchObject({ name: 'UnsupportedMediaError' });
      expect(await readdir(dir)).toEqual(['tone.m4a']);
    });
  });
});
