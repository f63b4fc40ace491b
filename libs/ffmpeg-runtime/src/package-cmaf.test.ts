import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../tests/support/media-fixtures';
import {
  countFrames,
  keyframeTimesSec,
  makeSource,
  RUNG_240P,
  RUNG_360P,
} from '../tests/support/transcode-fixtures';
import type { EncodeLadderPlan } from './build-encode-ladder-args';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

const plan: EncodeLadderPlan = {
  frameRateFraction: { numerator: 30000, denominator: 1001 },
  gopFrames: 120,
  video: [RUNG_360P, RUNG_240P],
};
const frameRate = 30000 / 1001;
const gopDurationSec = (120 * 1001) / 30000;

describe('Method: packageCmaf', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
  });
  afterEach(async () => remove());

  it('packages each rung as init.mp4 + seg-0000N.m4s of one GOP each and an HLS v7 playlist', async () => {
    // Prepare: 10 s at 29.97 fps → segments of 120, 120 and 60 frames
    const input = await makeSource(join(dir, 'source.mp4'), {
      durationSec: 10,
      rate: '30000/1001',
    });
    const outputs = { '360p': join(dir, '360p.mp4'), '240p': join(dir, '240p.mp4') };
    await runtime.encodeLadder({
      input,
      plan,
      preset: 'ultrafast',
      outputs,
      expectedDurationSec: 10,
    });

    // Act
    const renditions = [];
    for (const name of ['360p', '240p'] as const) {
      renditions.push(
        await runtime.packageCmaf({
          input: outputs[name],
          outputDir: join(dir, 'cmaf', name),
          segmentDurationSec: gopDurationSec,
          frameRate,
        }),
      );
    }

    // Assess
    for (const [index, rendition] of renditions.entries()) {
      const name = ['360p', '240p'][index] ?? '';
      const outputDir = join(dir, 'cmaf', name);
      expect((await readdir(outputDir)).sort()).toEqual([
        'index.m3u8',
        'init.mp4',
        'seg-00001.m4s',
        'seg-00002.m4s',
        'seg-00003.m4s',
      ]);
      expect(rendition.segments.map(({ fileName }) => fileName)).toEqual([
        'seg-00001.m4s',
        'seg-00002.m4s',
        'seg-00003.m4s',
      ]);
      const durations = rendition.segments.map(({ durationSec }) => durationSec);
      for (const durationSec of durations.slice(0, -1))
        expect(Math.abs(durationSec - 4)).toBeLessThanOrEqual(1 / frameRate);
      expect(durations.reduce((a, b) => a + b, 0)).toBeCloseTo(300 / frameRate, 2);
      expect(rendition.segments.every(({ bytes }) => bytes > 0)).toBe(true);
      const playlist = await readFile(rendition.playlistPath, 'utf8');
      expect(playlist).toContain('#EXT-X-VERSION:7');
      expect(playlist).toContain('#EXT-X-MAP:URI="init.mp4"');
      expect(playlist).toContain('#EXT-X-ENDLIST');
      // The fragments joined behind their init segment are the rung: every frame, keyframes on the grid.
      const joined = join(dir, `${name}-joined.mp4`);
      const parts = await Promise.all(
        [rendition.initPath, ...rendition.segments.map(({ path }) => path)].map((path) =>
          readFile(path),
        ),
      );
      await writeFile(joined, Buffer.concat(parts));
      expect(await countFrames(joined)).toBe(300);
      expect((await keyframeTimesSec(joined)).map((time) => Math.round(time * 1000))).toEqual([
        0, 4004, 8008,
      ]);
    }
  });

  it('cuts the sound on the same grid, to the nearest AAC frame', async () => {
    const input = await makeSource(join(dir, 'tone.mp4'), {
      durationSec: 10,
      audio: true,
      outputArgs: ['-map', '1:a'],
    });

    const { segments } = await runtime.packageCmaf({
      input,
      outputDir: join(dir, 'audio'),
      segmentDurationSec: gopDurationSec,
    });

    expect(segments).toHaveLength(3);
    for (const [index, { durationSec }] of segments.slice(0, -1).entries()) {
      const endSec = segments
        .slice(0, index + 1)
        .reduce((sum, segment) => sum + segment.durationSec, 0);
      expect(Math.abs(endSec - (index + 1) * gopDurationSec)).toBeLessThan(0.03);
      expect(durationSec).toBeGreaterThan(3.9);
    }
  });

  it('refuses a rendition whose keyframes are not on the grid and leaves no folder', async () => {
    // Prepare: keyframes every 250 frames (10 s), not every 4 s
    const input = await makeSource(join(dir, 'source.mp4'), { durationSec: 12, rate: '25' });
    const outputDir = join(dir, 'cmaf', '360p');
    await mkdir(join(dir, 'cmaf'));

    const failure = await runtime
      .packageCmaf({ input, outputDir, segmentDurationSec: 4, frameRate: 25 })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'InternalError' });
    expect(await readdir(join(dir, 'cmaf'))).toEqual([]);
  });
});
