import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { JobEventRef, ServiceDependencies } from '@reel/lambda-kit';
import { updateManifest } from '@reel/manifest';
import { renderOptionsSchema } from '@reel/media-types';
import { buildJobKey, buildJobRootKey, type PutFileOptions } from '@reel/storage';
import {
  captureProgress,
  createTestEnvironment,
  type CapturedProgress,
  type TestBackend,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createMediaTranscoderHandler } from '../../src/handler';

/** ffmpeg quietly; `args` are everything after `-nostdin -v error`. */
export async function ffmpeg(args: string[]): Promise<void> {
  await execa('ffmpeg', ['-nostdin', '-v', 'error', ...args]);
}

/**
 * A 640×360 25 fps H.264/AAC source of `durationSec` whose first `blackSec` are black (a poster
 * must skip them), then testsrc2 (a picture that changes every frame), with a 440 Hz tone.
 */
export async function generateSource(
  path: string,
  {
    durationSec,
    blackSec = 0,
    size = '640x360',
  }: { durationSec: number; blackSec?: number; size?: string },
): Promise<void> {
  const pictureSec = durationSec - blackSec;
  const video =
    blackSec > 0
      ? `color=black:s=${size}:r=25:d=${blackSec}[b];testsrc2=size=${size}:rate=25:duration=${pictureSec}[t];[b][t]concat=n=2:v=1:a=0[v]`
      : `testsrc2=size=${size}:rate=25:duration=${durationSec}[v]`;
  await ffmpeg([
    ...['-filter_complex', video],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationSec}`],
    ...['-map', '[v]', '-map', '0:a'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-shortest', '-y', path],
  ]);
}

/** A sound-only source: an AAC tone of `durationSec`. */
export async function generateAudioSource(path: string, durationSec: number): Promise<void> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=44100:duration=${durationSec}`],
    ...['-c:a', 'aac', '-y', path],
  ]);
}

/** What a transcode test file shares: a folder, the environment, the handler, progress. */
export interface TranscodeSuite {
  dir: string;
  environment: TestEnvironment;
  handler: ReturnType<typeof createMediaTranscoderHandler>;
  progress: CapturedProgress;
}

/**
 * Registers the hooks of a transcode test file (a temp folder, a test environment on `backend`,
 * the handler, progress captured per test) and returns the suite, filled in by the time tests run.
 * `wrap` changes the dependencies the handler sees (e.g. a storage that records writes).
 */
export function useTranscodeSuite(
  name: string,
  {
    backend = 'local',
    wrap = (dependencies) => dependencies,
  }: {
    backend?: TestBackend;
    wrap?: (dependencies: ServiceDependencies) => ServiceDependencies;
  } = {},
): TranscodeSuite {
  const suite = {} as TranscodeSuite;
  beforeAll(async () => {
    suite.dir = await mkdtemp(join(tmpdir(), `reel-${name}-`));
    suite.environment = await createTestEnvironment({ name, backend });
    const dependencies = wrap(suite.environment.dependencies);
    suite.handler = createMediaTranscoderHandler(() => dependencies);
  });
  afterAll(async () => {
    await suite.environment?.cleanup();
    await rm(suite.dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    suite.progress = captureProgress();
  });
  afterEach(() => suite.progress.restore());
  return suite;
}

/** The job's manifest. */
export function manifestOf(suite: TranscodeSuite, jobId: string, tenantId = 'acme') {
  return suite.environment.dependencies.manifests.get({ tenantId, jobId });
}

/** Every key under the job (relative to its root), sorted. */
export async function jobKeys(suite: TranscodeSuite, job: JobEventRef): Promise<string[]> {
  const root = `${buildJobRootKey(job)}/`;
  return (await suite.environment.dependencies.storage.list({ prefix: root })).map(({ key }) =>
    key.slice(root.length),
  );
}

/**
 * Downloads every object under `{job}/{folder}` into `dir` keeping the relative paths, so the
 * players and ffprobe see the folder as a CDN would serve it. Returns `dir`.
 */
export async function downloadFolder(
  suite: TranscodeSuite,
  job: JobEventRef,
  folder: string,
  dir: string,
): Promise<string> {
  const prefix = `${buildJobRootKey(job)}/${folder}/`;
  const { storage } = suite.environment.dependencies;
  for (const { key } of await storage.list({ prefix })) {
    const path = join(dir, key.slice(prefix.length));
    await mkdir(dirname(path), { recursive: true });
    await storage.getToFile({ key, path });
  }
  return dir;
}

/**
 * Marks the job as rendered: `path` stored as `renders/render.mp4` (or `episode.mp3` when
 * `audioOnly`) and `vtt` (when given) as `renders/render.vtt`, with `results.render` pointing at
 * them, as the render step leaves a job.
 */
export async function addRender(
  suite: TranscodeSuite,
  job: JobEventRef,
  { path, vtt, durationSec }: { path: string; vtt?: string; durationSec: number },
): Promise<{ videoKey: string; vttKey?: string }> {
  const { storage, manifests } = suite.environment.dependencies;
  const keyOf = (name: string) => buildJobKey({ ...job, kind: 'renders', name });
  const videoKey = keyOf('render.mp4');
  await storage.putFile({ key: videoKey, path });
  const vttKey = vtt === undefined ? undefined : keyOf('render.vtt');
  if (vttKey !== undefined && vtt !== undefined) {
    await storage.putStream({ key: vttKey, body: Readable.from([vtt]) });
  }
  await updateManifest(manifests, job, (draft) => {
    draft.results.render = {
      videoKey,
      ...(vttKey === undefined ? {} : { vttKey }),
      durationSec,
      width: 640,
      height: 360,
      videoCodec: 'h264',
      audioCodec: 'aac',
      frameRate: { num: 25, den: 1 },
      planKey: buildJobKey({ ...job, kind: 'plan', name: 'cut-plan.json' }),
      planSha256: '0'.repeat(64),
      mode: 'cut',
      options: renderOptionsSchema.parse({}),
      pieces: [],
      removedSec: 0,
    };
    return draft;
  });
  return { videoKey, ...(vttKey === undefined ? {} : { vttKey }) };
}

interface ProbedFrame {
  pts_time?: string;
  best_effort_timestamp_time?: string;
}

/** The keyframe times of a file's first video stream (ffprobe decoding keyframes only). */
export async function keyframeTimes(path: string): Promise<number[]> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey'],
    ...['-show_entries', 'frame=pts_time,best_effort_timestamp_time', '-of', 'json', path],
  ]);
  return (JSON.parse(stdout) as { frames: ProbedFrame[] }).frames.map((frame) =>
    Number(frame.pts_time ?? frame.best_effort_timestamp_time),
  );
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  duration?: string;
  channels?: number;
  sample_rate?: string;
  nb_read_packets?: string;
}

/** Every stream of a file, packets counted (one per frame for video). */
export async function probeStreams(path: string): Promise<ProbedStream[]> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-count_packets', '-show_streams', '-of', 'json', path],
  ]);
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

/** A rendition folder's init segment and media segments joined into one playable file. */
export async function joinRendition(dir: string, segmentNames: string[], output: string) {
  const parts = await Promise.all(
    ['init.mp4', ...segmentNames].map((name) => readFile(join(dir, name))),
  );
  await writeFile(output, Buffer.concat(parts));
  return output;
}

/** The top-level ISO BMFF boxes of a file, in order (`ftyp`, `moov`, `mdat`, …). */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size === 0) size = bytes.length - offset;
    boxes.push(type);
    offset += size;
  }
  return boxes;
}

/** The mean luma (0–255) of a picture (signalstats YAVG of its one frame). */
export async function meanLuma(path: string): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    ...['-nostdin', '-v', 'info', '-i', path],
    ...['-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG', '-f', 'null', '-'],
  ]);
  const match = /lavfi\.signalstats\.YAVG=([0-9.]+)/.exec(stderr);
  if (match?.[1] === undefined) throw new Error(`No YAVG for ${path}`);
  return Number(match[1]);
}

/** ffmpeg's ebur128 integrated loudness (LUFS) of a file's sound. */
export async function integratedLoudness(path: string): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    ...['-nostdin', '-v', 'info', '-i', path, '-map', '0:a:0'],
    ...['-af', 'ebur128=peak=true', '-f', 'null', '-'],
  ]);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /I:\s+(-?[0-9.]+) LUFS/.exec(summary);
  if (match?.[1] === undefined) throw new Error(`No integrated loudness for ${path}`);
  return Number(match[1]);
}

/**
 * The dependencies with `before` called ahead of every `storage.putFile` (to record what is
 * stored, or to throw and make that upload fail).
 */
export function beforePutFile(
  before: (options: PutFileOptions) => Promise<void>,
): (dependencies: ServiceDependencies) => ServiceDependencies {
  return (dependencies) => {
    const { storage } = dependencies;
    return {
      ...dependencies,
      storage: {
        ...storage,
        backend: storage.backend,
        putFile: async (options) => {
          await before(options);
          return storage.putFile(options);
        },
      },
    };
  };
}

/**
 * SSIM between a storyboard tile (`#xywh` crop of the sprite) and the video's frame at `atSec`
 * scaled to the tile's size: 1 is identical. JPEG and two scalings leave a matching tile well
 * above 0.9; testsrc2's moving picture puts another moment's frame clearly lower.
 */
export async function tileSimilarity({
  spritePath,
  xywh: [x, y, width, height],
  videoPath,
  atSec,
}: {
  spritePath: string;
  xywh: [number, number, number, number];
  videoPath: string;
  atSec: number;
}): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    ...['-nostdin', '-v', 'info', '-i', spritePath, '-ss', String(atSec), '-i', videoPath],
    ...[
      '-filter_complex',
      `[0:v]crop=${width}:${height}:${x}:${y},format=yuv420p[tile];` +
        `[1:v]scale=${width}:${height}:flags=bicubic,format=yuv420p[frame];[tile][frame]ssim`,
    ],
    ...['-frames:v', '1', '-f', 'null', '-'],
  ]);
  const match = /All:([0-9.]+)/.exec(stderr);
  if (match?.[1] === undefined) throw new Error(`No SSIM for the tile at ${atSec} s`);
  return Number(match[1]);
}
