import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { transcodeOptionsSchema } from '@reel/media-types';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLadder } from '../src/build-ladder';
import { ladderSourceFromProbe } from '../src/ladder-source';

/** The RFC 6381 string of an init segment's avcC box: profile, constraint flags, level as hex. */
async function avcCodecString(initPath: string): Promise<string> {
  const bytes = await readFile(initPath);
  const at = bytes.indexOf('avcC', 0, 'latin1');
  if (at < 0) throw new Error(`${initPath} has no avcC box`);
  const hex = (offset: number) => (bytes[at + offset] ?? 0).toString(16).padStart(2, '0');
  return `avc1.${hex(5)}${hex(6)}${hex(7)}`;
}

/** Keyframe times as ffprobe prints them (a frame with side data adds a comma and a blank line). */
async function keyframeTimes(path: string): Promise<string> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey'],
    ...['-show_entries', 'frame=pts_time', '-of', 'csv=p=0', path],
  ]);
  return stdout
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line !== '')
    .join('\n');
}

describe('Ladder: a 1080p source through buildLadder and the runtime', () => {
  let dir: string;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-ladder-test-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('encodes 1080p/720p/480p with keyframes at the same times and codec strings that match the streams', async () => {
    // Prepare: 5 s of 1080p30 with stereo sound, 2 s segments
    const input = join(dir, 'source.mp4');
    await execa('ffmpeg', [
      ...['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30'],
      ...['-f', 'lavfi', '-i', 'sine=sample_rate=48000,aformat=channel_layouts=stereo', '-t', '5'],
      ...[
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-y',
        input,
      ],
    ]);
    const plan = buildLadder(
      ladderSourceFromProbe(await runtime.probe({ input })),
      transcodeOptionsSchema.parse({ segmentDurationSec: 2 }),
    );
    const outputs = Object.fromEntries(
      plan.video.map(({ name }) => [name, join(dir, `${name}.mp4`)]),
    );

    // Act
    const { rungs } = await runtime.encodeLadder({
      input,
      plan,
      preset: 'ultrafast',
      outputs,
      expectedDurationSec: 5,
    });
    const inits = [];
    for (const rung of rungs) {
      const { initPath } = await runtime.packageCmaf({
        input: rung.path,
        outputDir: join(dir, 'cmaf', rung.name),
        segmentDurationSec: plan.gopDurationSec,
        frameRate: plan.frameRate,
      });
      inits.push(initPath);
    }

    // Assess
    expect(
      rungs.map(({ name, width, height, frameCount }) => [name, width, height, frameCount]),
    ).toEqual([
      ['1080p', 1920, 1080, 150],
      ['720p', 1280, 720, 150],
      ['480p', 854, 480, 150],
    ]);
    expect(plan.audio).toMatchObject({ channels: 2, sampleRateHz: 48_000, codecs: 'mp4a.40.2' });
    const keyframes = await Promise.all(rungs.map(({ path }) => keyframeTimes(path)));
    expect(keyframes[0]?.split('\n').map(Number)).toEqual([0, 2, 4]);
    expect(new Set(keyframes).size).toBe(1);
    const codecStrings = await Promise.all(inits.map(avcCodecString));
    expect(codecStrings).toEqual(plan.video.map(({ codecs }) => codecs));
    expect(codecStrings).toEqual(['avc1.640028', 'avc1.64001f', 'avc1.64001f']);
  }, 180_000);

  it('encodes a stream that claims 1000 fps at a constant 60 fps', async () => {
    // Prepare: Matroska at 1000 fps (r_frame_rate 1000/1, no average rate), 2 s
    const input = join(dir, 'claims-1000.mkv');
    await execa('ffmpeg', [
      ...[
        '-nostdin',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x180:rate=25',
        '-t',
        '2',
      ],
      ...[
        '-r',
        '1000',
        '-fps_mode',
        'cfr',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-f',
        'matroska',
        '-y',
        input,
      ],
    ]);
    const source = ladderSourceFromProbe(await runtime.probe({ input }));
    const plan = buildLadder(source, transcodeOptionsSchema.parse({}));
    const output = join(dir, '180p.mp4');

    // Act
    const { rungs } = await runtime.encodeLadder({
      input,
      plan,
      outputs: { '180p': output },
      expectedDurationSec: 2,
    });

    // Assess
    expect(source.video?.frameRate).toBe(1000);
    expect(plan.frameRateFraction).toEqual({ numerator: 60, denominator: 1 });
    expect(rungs[0]).toMatchObject({ name: '180p', width: 320, height: 180, frameCount: 120 });
    const { stdout } = await execa('ffprobe', [
      ...[
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=avg_frame_rate,nb_frames',
      ],
      ...['-of', 'csv=p=0', output],
    ]);
    expect(stdout.trim()).toBe('60/1,120');
  });
});
