import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

// Fixtures are made with plain execa, not the code under test, so a runner bug cannot hide itself.

/** A fresh temp dir; tests call `remove()` in `afterEach`. */
export async function createTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'reel-ffmpeg-runtime-test-'));
  // Traversable by an unprivileged uid, for the tests that drop privileges.
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ClipOptions {
  durationSec?: number;
  width?: number;
  height?: number;
  video?: boolean;
  audio?: boolean;
  /** `+faststart` puts the moov atom first; without it, a cut file has no moov at all. */
  faststart?: boolean;
  /** Audio-only outputs pick their own codec from the extension. */
  extraArgs?: string[];
}

/** A small H.264/AAC clip (or audio-only/video-only file) from lavfi testsrc2 and sine. */
export async function makeClip(path: string, options: ClipOptions = {}): Promise<string> {
  const {
    durationSec = 2,
    width = 160,
    height = 120,
    video = true,
    audio = true,
    faststart = false,
    extraArgs = [],
  } = options;
  const inputs = [
    video ? ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25`] : [],
    audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'] : [],
  ].flat();
  const codecs = [
    video ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : [],
    audio && path.endsWith('.mp4') ? ['-c:a', 'aac'] : [],
  ].flat();
  await execa('ffmpeg', [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    ...inputs,
    '-t',
    String(durationSec),
    ...codecs,
    ...(faststart ? ['-movflags', '+faststart'] : []),
    ...extraArgs,
    '-y',
    path,
  ]);
  return path;
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
  channels?: number;
  pix_fmt?: string;
}

/** ffprobe's own JSON, for assertions independent of `probe()`. */
export async function ffprobeJson(
  path: string,
): Promise<{ format: { format_name: string; duration: string }; streams: ProbedStream[] }> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    path,
  ]);
  return JSON.parse(stdout) as Awaited<ReturnType<typeof ffprobeJson>>;
}
