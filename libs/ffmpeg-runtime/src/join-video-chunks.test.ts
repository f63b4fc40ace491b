import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../tests/support/media-fixtures';
import {
  countFrames,
  framePtsSec,
  keyframeTimesSec,
  makeSource,
  minFramePsnrDb,
  RUNG_360P,
} from '../tests/support/transcode-fixtures';
import type { EncodeLadderPlan } from './build-encode-ladder-args';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

const rung = RUNG_360P;

// ultrafast: these tests are about frames and keyframes, not the encoder's effort.
const preset = 'ultrafast';

describe('Method: joinVideoChunks', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
  });
  afterEach(async () => remove());

  /** Encodes the source whole and as chunks of `chunkSegments` segments (the last to the end), joins the chunks. */
  async function wholeAndJoined(plan: EncodeLadderPlan, rate: string, chunkSegments: number) {
    const input = await makeSource(join(dir, 'source.mp4'), { durationSec: 24, rate });
    const frameRate = plan.frameRateFraction.numerator / plan.frameRateFraction.denominator;
    const whole = join(dir, 'whole.mp4');
    await runtime.encodeLadder({
      input,
      plan,
      outputs: { '360p': whole },
      expectedDurationSec: 24,
    });
    const chunkSec = (chunkSegments * plan.gopFrames) / frameRate;
    const chunks = [];
    for (const index of [0, 1, 2]) {
      await mkdir(join(dir, `chunk-${index}`));
      const path = join(dir, `chunk-${index}`, '360p.mp4');
      const isLast = index === 2;
      const { rungs } = await runtime.encodeLadder({
        input,
        plan,
        preset,
        outputs: { '360p': path },
        startSec: index * chunkSec,
        ...(isLast ? { expectedDurationSec: 24 - 2 * chunkSec } : { durationSec: chunkSec }),
      });
      chunks.push({ path, durationSec: (rungs[0]?.frameCount ?? 0) / frameRate });
    }
    const joined = join(dir, 'joined.mp4');
    const result = await runtime.joinVideoChunks({
      inputs: chunks,
      scratchDir: dir,
      output: joined,
      frameRate,
    });
    return { whole, joined, result };
  }

  it.each([
    ['25 fps', '25', { numerator: 25, denominator: 1 }, 100],
    ['29.97 fps', '30000/1001', { numerator: 30000, denominator: 1001 }, 120],
  ])(
    'joins chunks encoded on the segment grid into the single encode (%s, 4 s segments, 3 chunks)',
    async (_, rate, frameRateFraction, gopFrames) => {
      // Act
      const { whole, joined, result } = await wholeAndJoined(
        { frameRateFraction, gopFrames, video: [rung] },
        rate,
        2,
      );

      // Assess: same frames, same keyframes, the same picture in every frame (a frame off is ~22 dB)
      const wholeFrames = await countFrames(whole);
      expect(wholeFrames).toBe(
        Math.round((24 * frameRateFraction.numerator) / frameRateFraction.denominator),
      );
      expect(await countFrames(joined)).toBe(wholeFrames);
      expect(result.frameCount).toBe(wholeFrames);
      const keyframes = await keyframeTimesSec(whole);
      expect(keyframes).toHaveLength(6);
      expect(await keyframeTimesSec(joined)).toEqual(keyframes);
      expect(await minFramePsnrDb(whole, joined)).toBeGreaterThan(30);
      // Packaged, both make the same segments.
      const segmentsOf = async (input: string, name: string) =>
        (
          await runtime.packageCmaf({
            input,
            outputDir: join(dir, 'cmaf', name),
            segmentDurationSec:
              gopFrames / (frameRateFraction.numerator / frameRateFraction.denominator),
            frameRate: frameRateFraction.numerator / frameRateFraction.denominator,
          })
        ).segments.map(({ fileName, durationSec }) => [fileName, durationSec]);
      const wholeSegments = await segmentsOf(whole, 'whole');
      expect(wholeSegments).toHaveLength(6);
      expect(await segmentsOf(joined, 'joined')).toEqual(wholeSegments);
      const pts = await framePtsSec(joined);
      const frameSec = frameRateFraction.denominator / frameRateFraction.numerator;
      const gaps = pts.slice(1).map((time, index) => time - (pts[index] ?? 0));
      expect(Math.max(...gaps.map((gap) => Math.abs(gap - frameSec)))).toBeLessThan(0.002);
      expect((await readdir(dir)).filter((name) => name.endsWith('.ffconcat'))).toEqual([]);
    },
    120_000,
  );

  it('fails with a typed error and leaves nothing when the chunks do not add up', async () => {
    const input = await makeSource(join(dir, 'source.mp4'), { durationSec: 2 });
    const plan = {
      frameRateFraction: { numerator: 25, denominator: 1 },
      gopFrames: 25,
      video: [rung],
    };
    const chunk = join(dir, 'chunk.mp4');
    await runtime.encodeLadder({ input, plan, outputs: { '360p': chunk }, durationSec: 1 });
    const output = join(dir, 'joined.mp4');

    const failure = await runtime
      .joinVideoChunks({
        inputs: [{ path: chunk, durationSec: 1 }],
        scratchDir: dir,
        output,
        frameRate: 25,
        frameCount: 50,
      })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'InternalError' });
    expect((await readdir(dir)).sort()).toEqual(['chunk.mp4', 'source.mp4']);
  });
});
