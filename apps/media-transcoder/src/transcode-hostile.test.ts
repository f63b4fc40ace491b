import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import {
  downloadFolder,
  ffmpeg,
  joinRendition,
  keyframeTimes,
  manifestOf,
  probeStreams,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import { readMediaPlaylist } from '../tests/support/stream-checks';

const suite = useTranscodeSuite('media-transcoder-hostile');

const SOURCE_SEC = 2;
const transcode = {
  rungs: [360, 240],
  segmentDurationSec: 1,
  thumbnailIntervalSec: 1,
  x264Preset: 'ultrafast',
  lowestRungFirst: false,
};

/** Sources players trip over, each 2 s of testsrc2 with a tone. */
const cases = [
  {
    name: 'portrait',
    title: 'a 9:16 portrait source keeps its aspect (rungs by the short side)',
    args: ['-pix_fmt', 'yuv420p'],
    size: '360x640',
    expected: [
      { name: '360p', width: 360, height: 640 },
      { name: '240p', width: 240, height: 426 },
    ],
  },
  {
    name: 'rotated',
    title: 'a landscape picture with 90° rotation metadata is transcoded upright',
    args: ['-pix_fmt', 'yuv420p'],
    // ffmpeg 5.1 writes the display matrix only on a stream copy.
    rotate: true,
    size: '640x360',
    expected: [
      { name: '360p', width: 360, height: 640 },
      { name: '240p', width: 240, height: 426 },
    ],
  },
  {
    name: 'tenbit',
    title: 'a 10-bit 4:2:2 source becomes 8-bit 4:2:0',
    args: ['-pix_fmt', 'yuv422p10le'],
    size: '640x360',
    expected: [
      { name: '360p', width: 640, height: 360 },
      { name: '240p', width: 426, height: 240 },
    ],
  },
  {
    name: 'odd',
    title: 'a source of odd dimensions gets even ones',
    args: ['-pix_fmt', 'yuv444p'],
    size: '641x361',
    expected: [
      { name: '360p', width: 640, height: 360 },
      { name: '240p', width: 426, height: 240 },
    ],
  },
  {
    name: 'vfr',
    title: 'a variable frame rate source (30 fps, then 10 fps) becomes constant-rate renditions',
    // Every frame of the first second, every third of the next: 40 frames in 2 s.
    args: ['-vf', String.raw`select='lt(n\,30)+not(mod(n\,3))'`, '-fps_mode', 'vfr'],
    size: '640x360',
    rate: 30,
    // The same 40 frames at the measured average rate, none dropped or repeated.
    frames: 40,
    expected: [
      { name: '360p', width: 640, height: 360 },
      { name: '240p', width: 426, height: 240 },
    ],
  },
] as const;

describe('media-transcoder: hostile sources', () => {
  it.each(cases)('$title', async (testCase) => {
    const { name, args, size, expected } = testCase;
    const rate = 'rate' in testCase ? testCase.rate : 25;
    // Prepare
    const sourcePath = join(suite.dir, `${name}.mp4`);
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${SOURCE_SEC}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SOURCE_SEC}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', ...args, '-c:a', 'aac', '-shortest'],
      ...['-y', sourcePath],
    ]);
    if ('rotate' in testCase) {
      const encoded = join(suite.dir, `${name}-unrotated.mp4`);
      await rename(sourcePath, encoded);
      await ffmpeg(['-i', encoded, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-y', sourcePath]);
    }
    const job = await suite.environment.createJob(name, sourcePath);

    // Act
    const response = await suite.handler(
      { job, options: { transcode }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const result = (await manifestOf(suite, name))?.results.transcode;
    const renditions = result?.video.map(({ name: rung, height, width }) => ({
      name: rung,
      width,
      height,
    }));
    // A width from the aspect may round to the even number either side.
    expect(renditions?.map(({ name: rung, height }) => ({ rung, height }))).toEqual(
      expected.map(({ name: rung, height }) => ({ rung, height })),
    );
    for (const [index, rendition] of (renditions ?? []).entries()) {
      expect(Math.abs(rendition.width - (expected[index]?.width ?? 0))).toBeLessThanOrEqual(2);
    }
    const dir = await downloadFolder(
      suite,
      job,
      'renditions/cmaf/v1',
      join(suite.dir, `${name}-v1`),
    );
    const playlist = await readMediaPlaylist(dir, '360p');
    const joined = await joinRendition(
      join(dir, '360p'),
      playlist.segments.map(({ uri }) => uri),
      join(dir, '360p.mp4'),
    );
    const [video] = await probeStreams(joined);
    // 8-bit 4:2:0 whatever came in (the profile x264 signals depends on the preset's tools).
    expect(video).toMatchObject({
      codec_name: 'h264',
      pix_fmt: 'yuv420p',
      width: renditions?.[0]?.width,
      height: renditions?.[0]?.height,
    });
    // Constant rate: as many frames as the duration at the rendition's rate, keyframes shared.
    const frameRate = result?.video[0]?.frameRate ?? 0;
    expect(frameRate).toBeLessThanOrEqual(rate);
    const frames = Number(video?.nb_read_packets);
    expect(Math.abs(frames / frameRate - SOURCE_SEC)).toBeLessThanOrEqual(1.5 / frameRate);
    expect(frames).toBe('frames' in testCase ? testCase.frames : SOURCE_SEC * 25);
    expect(result?.video[0]?.frameCount).toBe(frames);
    const lowest = await readMediaPlaylist(dir, '240p');
    const lowestJoined = await joinRendition(
      join(dir, '240p'),
      lowest.segments.map(({ uri }) => uri),
      join(dir, '240p.mp4'),
    );
    expect(await keyframeTimes(lowestJoined)).toEqual(await keyframeTimes(joined));
  });
});
