import { readFile } from 'node:fs/promises';
import { execa } from 'execa';

// Sources and measurements of the transcode tests, with plain execa (not the code under test).

/** A 360p rung as a ladder plans it (the fields the runtime uses). */
export const RUNG_360P = {
  name: '360p',
  width: 640,
  height: 360,
  bitrateKbps: 800,
  maxrateKbps: 1200,
  bufsizeKbps: 1600,
  level: '3',
};
/** A 240p rung as a ladder plans it. */
export const RUNG_240P = {
  name: '240p',
  width: 426,
  height: 240,
  bitrateKbps: 400,
  maxrateKbps: 600,
  bufsizeKbps: 800,
  level: '2.1',
};

/** Options of {@link makeSource}. */
export interface SourceOptions {
  durationSec: number;
  width?: number;
  height?: number;
  /** lavfi rate, e.g. `25` or `30000/1001`. */
  rate?: string;
  /** Add a 440 Hz tone (mono unless `channels` says otherwise). */
  audio?: boolean;
  channels?: number;
  /** Output options before the path (codec, pixel format, metadata…). */
  outputArgs?: string[];
}

/** A testsrc2 clip (every frame differs, so a frame off shows) with an optional tone. */
export async function makeSource(path: string, options: SourceOptions): Promise<string> {
  const {
    durationSec,
    width = 640,
    height = 360,
    rate = '25',
    audio = false,
    channels = 1,
  } = options;
  const tone =
    channels === 1
      ? 'sine=frequency=440:sample_rate=48000'
      : 'sine=frequency=440:sample_rate=48000,aformat=channel_layouts=stereo';
  await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}`],
    ...(audio ? ['-f', 'lavfi', '-i', tone] : []),
    ...['-t', String(durationSec)],
    ...(options.outputArgs ?? [
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '250',
      '-pix_fmt',
      'yuv420p',
    ]),
    ...(audio ? ['-c:a', 'aac'] : []),
    ...['-y', path],
  ]);
  return path;
}

/** A copy of `input` whose video stream carries a display matrix of `degrees` (as phones write). */
export async function withRotation(
  input: string,
  output: string,
  degrees: number,
): Promise<string> {
  await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', input],
    ...['-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, '-y', output],
  ]);
  return output;
}

async function ffprobeCsv(args: string[]): Promise<string[]> {
  const { stdout } = await execa('ffprobe', ['-v', 'error', ...args, '-of', 'csv=p=0']);
  return stdout
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line !== '');
}

/** Presentation times of the video keyframes (`-skip_frame nokey`), in seconds, ascending. */
export async function keyframeTimesSec(path: string): Promise<number[]> {
  const lines = await ffprobeCsv([
    '-select_streams',
    'v:0',
    '-skip_frame',
    'nokey',
    '-show_entries',
    'frame=pts_time',
    path,
  ]);
  return lines.map(Number).sort((a, b) => a - b);
}

/** Frames of the first video stream, counted by decoding. */
export async function countFrames(path: string): Promise<number> {
  const [count] = await ffprobeCsv([
    '-select_streams',
    'v:0',
    '-count_frames',
    '-show_entries',
    'stream=nb_read_frames',
    path,
  ]);
  return Number(count);
}

/** Presentation times of every video frame, ascending. */
export async function framePtsSec(path: string): Promise<number[]> {
  const lines = await ffprobeCsv([
    '-select_streams',
    'v:0',
    '-show_entries',
    'frame=pts_time',
    path,
  ]);
  return lines.map(Number).sort((a, b) => a - b);
}

/** What a player sees of the first video stream. */
export async function videoInfo(path: string): Promise<{
  width: number;
  height: number;
  profile: string;
  level: number;
  pixFmt: string;
  rotation?: number;
}> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-print_format',
    'json',
    '-show_streams',
    path,
  ]);
  const [stream] = (JSON.parse(stdout) as { streams: Array<Record<string, unknown>> }).streams;
  const sideData = (stream?.['side_data_list'] as Array<{ rotation?: number }> | undefined) ?? [];
  const rotation = sideData.find((entry) => entry.rotation !== undefined)?.rotation;
  return {
    width: Number(stream?.['width']),
    height: Number(stream?.['height']),
    profile: String(stream?.['profile']),
    level: Number(stream?.['level']),
    pixFmt: String(stream?.['pix_fmt']),
    ...(rotation === undefined ? {} : { rotation }),
  };
}

/** The lowest per-frame PSNR (dB) between two videos of the same size, frame by frame. */
export async function minFramePsnrDb(a: string, b: string): Promise<number> {
  // The stats file `-` is stdout: one line per frame.
  const { stdout } = await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', a, '-i', b],
    ...['-lavfi', '[0:v][1:v]psnr=stats_file=-', '-f', 'null', '-'],
  ]);
  const values = [...stdout.matchAll(/psnr_avg:(inf|[\d.]+)/g)].map(([, value]) =>
    value === 'inf' ? Number.POSITIVE_INFINITY : Number(value),
  );
  if (values.length === 0) throw new Error('psnr printed no frame');
  return Math.min(...values);
}

/** The top-level box types of an MP4, in file order (`ftyp`, `moov`, `mdat`…). */
export async function topLevelBoxes(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  const boxes: string[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset);
    boxes.push(bytes.toString('latin1', offset + 4, offset + 8));
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

/** MD5 of each stream's packets, as ffmpeg's streamhash muxer prints them (`0,v,MD5=…`). */
export async function streamHashes(path: string): Promise<string[]> {
  const { stdout } = await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', path],
    ...['-map', '0', '-c', 'copy', '-f', 'streamhash', '-hash', 'md5', '-'],
  ]);
  return stdout.split('\n').filter((line) => line.includes('MD5='));
}

/** EBU R128 integrated loudness (LUFS) of a file's sound, by ffmpeg's ebur128 filter. */
export async function integratedLufs(path: string): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-nostats', '-i', path],
    ...['-map', '0:a:0', '-af', 'ebur128', '-f', 'null', '-'],
  ]);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const value = /I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1];
  if (value === undefined) throw new Error('ebur128 printed no integrated loudness');
  return Number(value);
}

/** Codec, profile, channels and rate of the first audio stream. */
export async function audioInfo(
  path: string,
): Promise<{ codec: string; profile: string; channels: number; sampleRateHz: number }> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-print_format', 'json', '-show_streams', path],
  ]);
  const [stream] = (JSON.parse(stdout) as { streams: Array<Record<string, unknown>> }).streams;
  return {
    codec: String(stream?.['codec_name']),
    profile: String(stream?.['profile']),
    channels: Number(stream?.['channels']),
    sampleRateHz: Number(stream?.['sample_rate']),
  };
}
