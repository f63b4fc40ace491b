import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBumperPart } from '../src/branding-bumper-part';
import { buildWatermarkPart } from '../src/branding-watermark-part';

// Real ffmpeg on generated 360p media: the parts' chains run as a graph and the output is measured.
const runtime = createFfmpegRuntime();
const WIDTH = 640;
const HEIGHT = 360;

let workDir: string;
const ffmpeg = (args: string[]) =>
  runtime.runTool({
    tool: 'ffmpeg',
    binaryPath: runtime.ffmpegPath,
    args: ['-hide_banner', '-v', 'error', '-y', ...args],
    operation: 'branding-test',
  });
const ffprobeJson = async (path: string) =>
  JSON.parse(
    (
      await runtime.runTool({
        tool: 'ffprobe',
        binaryPath: runtime.ffprobePath,
        args: [
          '-v',
          'error',
          '-count_frames',
          '-show_streams',
          '-show_format',
          '-of',
          'json',
          path,
        ],
        operation: 'branding-test',
        captureStdout: true,
      })
    ).stdout,
  ) as {
    format: { duration: string };
    streams: Array<Record<string, string | number>>;
  };
const clip = async (
  name: string,
  { size, fps, sampleRate, layout, sec }: Record<string, string | number>,
) => {
  const path = join(workDir, name);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=${size}:r=${fps}:d=${sec}`],
    ...['-f', 'lavfi', '-i', `sine=f=440:r=${sampleRate}:d=${sec}`],
    ...['-ac', layout === 'mono' ? '1' : '2', '-c:v', 'libx264', '-preset', 'ultrafast'],
    ...['-c:a', 'aac', '-shortest', path],
  ]);
  return path;
};

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'reel-branding-parts-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('Function: buildWatermarkPart', () => {
  /** Frame 15 of a testsrc2 programme as raw gray bytes, through `graph` (or untouched). */
  const grayFrame = async (name: string, inputs: string[], graph: string, out: string) => {
    const path = join(workDir, name);
    await ffmpeg([
      ...inputs,
      ...['-filter_complex', `${graph};[${out}]select=eq(n\\,15)[frame]`, '-map', '[frame]'],
      ...['-frames:v', '1', '-pix_fmt', 'gray', '-f', 'rawvideo', path],
    ]);
    return readFile(path);
  };

  it('changes pixels only inside its box at the top right, frames after the single image frame too', async () => {
    // Prepare
    const logo = join(workDir, 'logo.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=white:s=200x100', '-frames:v', '1', logo]);
    const source = ['-f', 'lavfi', '-i', `testsrc2=s=${WIDTH}x${HEIGHT}:r=30:d=1`];
    const part = buildWatermarkPart({
      videoIn: '0:v',
      watermarkIn: '1:v',
      frame: { width: WIDTH, height: HEIGHT },
      style: { position: 'top-right', marginRatio: 0.03, widthRatio: 0.15, opacity: 0.7 },
    });

    // Act
    const plain = await grayFrame('plain.gray', source, '[0:v]null[plain]', 'plain');
    const marked = await grayFrame(
      'marked.gray',
      [...source, '-i', logo],
      part.chains.join(';'),
      part.videoOut,
    );

    // Assess: 96x48 logo (0.15 × 640, aspect 2:1), 10 px (0.03 × 360, even) from the top and right edges
    expect(marked.length).toBe(WIDTH * HEIGHT);
    const changed = { minX: WIDTH, maxX: -1, minY: HEIGHT, maxY: -1, count: 0 };
    for (let index = 0; index < plain.length; index++) {
      if (Math.abs((plain[index] ?? 0) - (marked[index] ?? 0)) <= 2) continue;
      const [x, y] = [index % WIDTH, Math.floor(index / WIDTH)];
      changed.count++;
      changed.minX = Math.min(changed.minX, x);
      changed.maxX = Math.max(changed.maxX, x);
      changed.minY = Math.min(changed.minY, y);
      changed.maxY = Math.max(changed.maxY, y);
    }
    expect(changed.count).toBeGreaterThan(96 * 48 * 0.5);
    expect(changed.minX).toBeGreaterThanOrEqual(WIDTH - 10 - 96);
    expect(changed.maxX).toBeLessThan(WIDTH - 10);
    expect(changed.minY).toBeGreaterThanOrEqual(10);
    expect(changed.maxY).toBeLessThan(10 + 48);
  });
});

describe('Function: buildBumperPart', () => {
  it('normalises a 4:3 25 fps 44.1 kHz mono intro and outro to the 30 fps 48 kHz stereo programme', async () => {
    // Prepare
    const main = await clip('main.mp4', {
      size: `${WIDTH}x${HEIGHT}`,
      fps: 30,
      sampleRate: 48_000,
      layout: 'stereo',
      sec: 2,
    });
    const odd = { size: '640x480', fps: 25, sampleRate: 44_100, layout: 'mono' };
    const intro = await clip('intro.mp4', { ...odd, sec: 1 });
    const outro = await clip('outro.mp4', { ...odd, sec: 1.5 });
    const part = buildBumperPart({
      main: { videoIn: '1:v', audioIn: '1:a' },
      intro: { videoIn: '0:v', audioIn: '0:a', durationSec: 1 },
      outro: { videoIn: '2:v', audioIn: '2:a' },
      frame: { width: WIDTH, height: HEIGHT },
      frameRate: { num: 30, den: 1 },
      sampleRate: 48_000,
      channelLayout: 'stereo',
    });
    const output = join(workDir, 'bumpered.mp4');

    // Act
    await ffmpeg([
      ...['-i', intro, '-i', main, '-i', outro, '-filter_complex', part.chains.join(';')],
      ...['-map', `[${part.videoOut}]`, '-map', `[${part.audioOut}]`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', output],
    ]);

    // Assess
    const { format, streams } = await ffprobeJson(output);
    const video = streams.filter((stream) => stream.codec_type === 'video');
    const audio = streams.filter((stream) => stream.codec_type === 'audio');
    expect(video).toHaveLength(1);
    expect(audio).toHaveLength(1);
    expect(video[0]).toMatchObject({ width: WIDTH, height: HEIGHT, pix_fmt: 'yuv420p' });
    expect(video[0]?.r_frame_rate).toBe('30/1');
    expect(video[0]?.avg_frame_rate).toBe('30/1');
    expect(audio[0]).toMatchObject({ sample_rate: '48000', channels: 2 });
    const durationSec = Number(format.duration);
    expect(durationSec).toBeGreaterThan(4.5 - 0.1);
    expect(durationSec).toBeLessThan(4.5 + 0.1);
    expect(Math.abs(Number(video[0]?.nb_read_frames) - 4.5 * 30)).toBeLessThanOrEqual(2);
  });

  it('keeps every frame of a programme that ends in a cross-fade after an intro', async () => {
    // Prepare: a 1 s intro and a 2 s programme cut in two and cross-faded for 0.4 s → 1.6 s.
    const main = await clip('faded-main.mp4', {
      size: `${WIDTH}x${HEIGHT}`,
      fps: 30,
      sampleRate: 48_000,
      layout: 'stereo',
      sec: 2,
    });
    const intro = await clip('short-intro.mp4', {
      size: '640x480',
      fps: 25,
      sampleRate: 44_100,
      layout: 'mono',
      sec: 1,
    });
    const crossFaded = [
      '[1:v]split[va][vb]',
      '[va]trim=0:1,setpts=PTS-STARTPTS[va1]',
      '[vb]trim=1:2,setpts=PTS-STARTPTS[vb1]',
      '[va1][vb1]xfade=transition=fade:duration=0.4:offset=0.6[mv]',
      '[1:a]asplit[aa][ab]',
      '[aa]atrim=0:1,asetpts=PTS-STARTPTS[aa1]',
      '[ab]atrim=1:2,asetpts=PTS-STARTPTS[ab1]',
      '[aa1][ab1]acrossfade=d=0.4[ma]',
    ];
    const part = buildBumperPart({
      main: { videoIn: 'mv', audioIn: 'ma' },
      intro: { videoIn: '0:v', audioIn: '0:a', durationSec: 1 },
      frame: { width: WIDTH, height: HEIGHT },
      frameRate: { num: 30, den: 1 },
      sampleRate: 48_000,
      channelLayout: 'stereo',
    });
    const output = join(workDir, 'intro-and-cross-fade.mp4');

    // Act
    await ffmpeg([
      ...['-i', intro, '-i', main, '-filter_complex', [...crossFaded, ...part.chains].join(';')],
      ...['-map', `[${part.videoOut}]`, '-map', `[${part.audioOut}]`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', output],
    ]);

    // Assess: 30 intro frames + 60 − 12 programme frames, none lost at the end.
    const { streams } = await ffprobeJson(output);
    const video = streams.find((stream) => stream.codec_type === 'video');
    expect(Number(video?.nb_read_frames)).toBe(30 + 48);
    expect(video?.avg_frame_rate).toBe('30/1');
  });

  it('holds the last picture of an intro whose sound runs longer, so sound and picture stay together', async () => {
    // Prepare: a 1 s picture with 2 s of sound (the container says 2 s), then a 2 s programme.
    const main = await clip('plain-main.mp4', {
      size: `${WIDTH}x${HEIGHT}`,
      fps: 30,
      sampleRate: 48_000,
      layout: 'stereo',
      sec: 2,
    });
    const intro = join(workDir, 'short-picture-intro.mp4');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `testsrc2=s=${WIDTH}x${HEIGHT}:r=30:d=1`],
      ...['-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', intro],
    ]);
    const part = buildBumperPart({
      main: { videoIn: '1:v', audioIn: '1:a' },
      intro: { videoIn: '0:v', audioIn: '0:a', durationSec: 2 },
      frame: { width: WIDTH, height: HEIGHT },
      frameRate: { num: 30, den: 1 },
      sampleRate: 48_000,
      channelLayout: 'stereo',
    });
    const output = join(workDir, 'held-intro.mp4');

    // Act
    await ffmpeg([
      ...['-i', intro, '-i', main, '-filter_complex', part.chains.join(';')],
      ...['-map', `[${part.videoOut}]`, '-map', `[${part.audioOut}]`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', output],
    ]);

    // Assess: 2 s of intro picture (held) + 2 s of programme, as long as the sound.
    const { streams } = await ffprobeJson(output);
    const video = streams.find((stream) => stream.codec_type === 'video');
    const audio = streams.find((stream) => stream.codec_type === 'audio');
    expect(Number(video?.nb_read_frames)).toBe(120);
    expect(Math.abs(Number(video?.duration) - Number(audio?.duration))).toBeLessThan(1 / 30);
  });

  it('hands the main labels back unchanged when there is neither intro nor outro', () => {
    // Act
    const part = buildBumperPart({
      main: { videoIn: 'v', audioIn: 'a' },
      frame: { width: WIDTH, height: HEIGHT },
      frameRate: { num: 30, den: 1 },
      sampleRate: 48_000,
      channelLayout: 'stereo',
    });

    // Assess
    expect(part).toEqual({ chains: [], videoOut: 'v', audioOut: 'a' });
  });
});
