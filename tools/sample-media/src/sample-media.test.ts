import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLavfiClip } from './lavfi-clip';
import { seededNoise } from './byte-surgery';
import { writeHostileInputs } from './hostile-inputs';
import { generateHostileInputs } from './hostile-media';
import { generateSpeechClip } from './speech-clip';

async function probeStreams(path: string) {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-of',
    'json',
    path,
  ]);
  return JSON.parse(stdout) as {
    streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
    format: { duration: string };
  };
}

describe('sample-media', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-sample-media-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('places phrases between silences of the requested length over a 720p pattern', async () => {
    // Act
    const clip = await generateSpeechClip({
      outputPath: join(dir, 'talk.mp4'),
      phrases: ['Hello there.', 'General testing.'],
      silenceSec: 1.5,
      video: { width: 1280, height: 720 },
    });

    // Assess
    const probed = await probeStreams(clip.path);
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(probed.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      width: 1280,
      height: 720,
    });
    expect(Number(probed.format.duration)).toBeCloseTo(clip.durationSec, 0);
    expect(clip.speech).toHaveLength(2);
    const [first, second] = clip.speech;
    expect(second!.startSec - first!.endSec).toBeCloseTo(1.5, 5);
    expect(first!.startSec).toBeCloseTo(0.5, 5);
  });

  it('repeats phrases until the minimum duration is reached', async () => {
    const clip = await generateSpeechClip({
      outputPath: join(dir, 'long.wav'),
      phrases: ['One.'],
      minDurationSec: 8,
    });
    expect(clip.durationSec).toBeGreaterThanOrEqual(8);
    expect(clip.speech.length).toBeGreaterThan(2);
  });

  it('makes a tone clip of the exact requested length', async () => {
    const path = await generateLavfiClip({
      outputPath: join(dir, 'tone.mp4'),
      durationSec: 3,
      video: { width: 320, height: 240 },
      audio: {},
    });
    const probed = await probeStreams(path);
    expect(Number(probed.format.duration)).toBeCloseTo(3, 1);
    expect(probed.streams).toHaveLength(2);
  });

  it('writes hostile inputs that are really broken', async () => {
    // Act
    const hostile = await writeHostileInputs(join(dir));

    // Assess
    expect((await stat(hostile.zeroByte)).size).toBe(0);
    const truncated = await execa('ffprobe', ['-v', 'error', hostile.truncatedMp4], {
      reject: false,
    });
    expect(truncated.exitCode).not.toBe(0);
    expect(truncated.stderr).toMatch(/moov atom not found/);
    const huge = await execa(
      'ffprobe',
      ['-v', 'warning', '-show_streams', hostile.hugeDimensions],
      { reject: false },
    );
    expect(huge.stderr).toMatch(/100000x100000/);
  });

  it('generates 30+ hostile inputs, one file each, with the code each must fail with', async () => {
    // Prepare
    const hostileDir = join(dir, 'generated');
    await mkdir(hostileDir);

    // Act
    const inputs = await generateHostileInputs(hostileDir, { hiddenDurationSec: 120 });

    // Assess
    expect(inputs.length).toBeGreaterThanOrEqual(30);
    expect(new Set(inputs.map(({ name }) => name)).size).toBe(inputs.length);
    expect((await readdir(hostileDir)).sort()).toEqual(
      inputs.map(({ path }) => path.slice(hostileDir.length + 1)).sort(),
    );
    const byName = new Map(inputs.map((input) => [input.name, input]));
    const lying = await probeStreams(byName.get('header-says-1s')!.path);
    expect(Number(lying.format.duration)).toBe(1);
    const { stdout } = await execa('ffmpeg', [
      '-progress',
      'pipe:1',
      '-v',
      'error',
      '-i',
      byName.get('header-says-1s')!.path,
      '-c',
      'copy',
      '-f',
      'null',
      '-',
    ]);
    const lastOutTimeUs = [...stdout.matchAll(/out_time_us=(\d+)/g)].at(-1)?.[1];
    expect(Number(lastOutTimeUs) / 1e6).toBeGreaterThan(118);
    expect(byName.get('noise-in-middle')).toMatchObject({
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'audio-extraction',
    });
  });

  it('makes the same noise from the same seed', () => {
    expect(seededNoise({ byteCount: 64, seed: 7 })).toEqual(
      seededNoise({ byteCount: 64, seed: 7 }),
    );
    expect(seededNoise({ byteCount: 64, seed: 7 })).not.toEqual(
      seededNoise({ byteCount: 64, seed: 8 }),
    );
  });
});
