import { execa } from 'execa';
import { runTool } from './run-tool';

/** Bits of the frame number drawn in the strip: frames 0–4095 (2 min 43 s at 25 fps). */
export const FRAME_COUNTER_BITS = 12;
const CELL_PX = 48;
const STRIP_X_PX = 32;
const STRIP_Y_PX = 4;
const BOX_PX = { width: 40, height: 24 };

export interface FrameCounterSourceOptions {
  outputPath: string;
  durationSec: number;
  /** Default 640×360 (at least 640 wide: the strip is 608 px). */
  width?: number;
  height?: number;
  /** Frames per second as a fraction, e.g. `30000/1001`. Default `25`. */
  fps?: string;
  /** The steady sine of the sound track (amplitude 0.5). Default 440 Hz. */
  toneHz?: number;
}

/**
 * A test source whose every frame shows its own frame number: `testsrc2` with a black strip at
 * the top holding {@link FRAME_COUNTER_BITS} boxes, box k white when bit k of the frame number is
 * set (bit 0 leftmost), readable without OCR by {@link readFrameNumbers}. The sound is a steady
 * sine at `toneHz` (amplitude 0.5, 48 kHz stereo): a cut in it is a step unless faded. H.264
 * (yuv420p) + AAC in MP4.
 *
 * @example
 * await generateFrameCounterSource({ outputPath: join(dir, 'counter.mp4'), durationSec: 12 });
 */
export async function generateFrameCounterSource({
  outputPath,
  durationSec,
  width = 640,
  height = 360,
  fps = '25',
  toneHz = 440,
}: FrameCounterSourceOptions): Promise<string> {
  if (width < STRIP_X_PX * 2 + CELL_PX * FRAME_COUNTER_BITS) {
    throw new TypeError(`width must be at least 640 for the frame counter strip, got ${width}`);
  }
  const boxes = Array.from(
    { length: FRAME_COUNTER_BITS },
    (_, bit) =>
      `drawbox=x=${STRIP_X_PX + bit * CELL_PX + (CELL_PX - BOX_PX.width) / 2}:y=${STRIP_Y_PX}:w=${BOX_PX.width}:h=${BOX_PX.height}:color=white:t=fill:enable='mod(floor(n/${2 ** bit}),2)'`,
  );
  const video = [
    `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationSec}`,
    `drawbox=x=0:y=0:w=iw:h=${STRIP_Y_PX * 2 + BOX_PX.height}:color=black:t=fill`,
    ...boxes,
  ].join(',');
  await runTool(
    'ffmpeg',
    [
      ['-v', 'error', '-y'],
      ['-f', 'lavfi', '-i', video],
      ['-f', 'lavfi', '-i', `aevalsrc=0.5*sin(2*PI*${toneHz}*t):s=48000:c=stereo:d=${durationSec}`],
      ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p'],
      ['-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart', outputPath],
    ].flat(),
  );
  return outputPath;
}

/**
 * The frame number shown in every frame of a video made from {@link generateFrameCounterSource}
 * (or a render of it at the same size), in decoding order: each cell of the strip is averaged to
 * one grey pixel and read as a bit.
 *
 * @example
 * const numbers = await readFrameNumbers('/tmp/render.mp4'); // → [0, 1, 2, 50, 51, …]
 */
export async function readFrameNumbers(path: string): Promise<number[]> {
  const crop = `crop=${CELL_PX * FRAME_COUNTER_BITS}:${BOX_PX.height}:${STRIP_X_PX}:${STRIP_Y_PX}`;
  const result = await execa(
    'ffmpeg',
    [
      ['-v', 'error', '-i', path, '-map', '0:v:0'],
      ['-vf', `${crop},scale=${FRAME_COUNTER_BITS}:1:flags=area,format=gray`],
      ['-fps_mode', 'passthrough', '-f', 'rawvideo', 'pipe:1'],
    ].flat(),
    { stdin: 'ignore', encoding: 'buffer' },
  );
  const pixels = result.stdout;
  const numbers: number[] = [];
  for (let offset = 0; offset + FRAME_COUNTER_BITS <= pixels.length; offset += FRAME_COUNTER_BITS) {
    let value = 0;
    for (let bit = 0; bit < FRAME_COUNTER_BITS; bit += 1) {
      if ((pixels[offset + bit] ?? 0) > 106) value += 2 ** bit;
    }
    numbers.push(value);
  }
  return numbers;
}
