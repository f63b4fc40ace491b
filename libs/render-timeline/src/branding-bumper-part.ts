import type { GraphPart, Rational } from './render-timeline';

/** The two streams of one programme piece, as filter-graph labels without brackets. */
export interface AvLabels {
  videoIn: string;
  audioIn: string;
}

/** An intro or outro clip: its streams and, when known, how long its picture lasts. */
export interface BumperInput extends AvLabels {
  /**
   * The clip's video duration (from its probe). Given, the clip's sound is padded with silence or
   * trimmed to it, so the next piece starts exactly where the picture ends.
   */
  durationSec?: number;
}

export interface BuildBumperPartOptions {
  /** The main programme, already at the output's size, frame rate, pixel and sample format. */
  main: AvLabels;
  intro?: BumperInput;
  outro?: BumperInput;
  /** The output's frame size, frame rate, sample rate and channel layout. */
  frame: { width: number; height: number };
  frameRate: Rational;
  sampleRate: number;
  channelLayout: string;
  /** Prefix of the labels this part creates, unique within the graph. Default `bumper`. */
  label?: string;
}

/**
 * The filter chains that put an intro before and an outro after the main programme, whatever
 * size, frame rate, pixel format, sample rate and channel layout the clips were made with: each
 * clip is scaled to fit the output frame and padded (black bars, square pixels), resampled to the
 * output's frame rate (`fps`), `yuv420p`, sample rate and layout, its timestamps start at 0, then
 * `concat` joins intro + main + outro into one video and one audio stream, held at a constant
 * frame rate by numbering the frames (`setpts=N/rate`). Without intro and outro the main labels come back unchanged.
 *
 * @example
 * buildBumperPart({
 *   main: { videoIn: 'vmain', audioIn: 'amain' },
 *   intro: { videoIn: '3:v', audioIn: '3:a', durationSec: 2 },
 *   frame: { width: 1280, height: 720 }, frameRate: { num: 30, den: 1 },
 *   sampleRate: 48_000, channelLayout: 'stereo',
 * }).chains.at(-2);
 * // → '[bumper_intro_v][bumper_intro_a][vmain][amain]concat=n=2:v=1:a=1[bumper_cv][bumper_a]'
 */
export function buildBumperPart({
  main,
  intro,
  outro,
  frame,
  frameRate,
  sampleRate,
  channelLayout,
  label = 'bumper',
}: BuildBumperPartOptions): GraphPart {
  if (intro === undefined && outro === undefined) {
    return { chains: [], videoOut: main.videoIn, audioOut: main.audioIn };
  }
  assertOutputFormat({ frame, frameRate, sampleRate, channelLayout });
  const rate = `${frameRate.num}/${frameRate.den}`;
  const normalise = (clip: BumperInput, name: string) => {
    const videoOut = `${label}_${name}_v`;
    const audioOut = `${label}_${name}_a`;
    const { width, height } = frame;
    const fitDuration = clip.durationSec === undefined ? [] : [clip.durationSec];
    const video = [
      `scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2`,
      `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2`,
      'setsar=1',
      `fps=${rate}`,
      'format=yuv420p',
      // A clip whose sound outlasts its picture holds its last frame, so the two stay together.
      ...fitDuration.flatMap((sec) => [
        `tpad=stop_mode=clone:stop_duration=${sec}`,
        `trim=duration=${sec}`,
      ]),
      'setpts=PTS-STARTPTS',
    ];
    const audio = [
      `aresample=${sampleRate}`,
      `aformat=sample_fmts=fltp:sample_rates=${sampleRate}:channel_layouts=${channelLayout}`,
      ...fitDuration.flatMap((sec) => ['apad', `atrim=duration=${sec}`]),
      'asetpts=PTS-STARTPTS',
    ];
    return {
      chains: [
        `[${clip.videoIn}]${video.join(',')}[${videoOut}]`,
        `[${clip.audioIn}]${audio.join(',')}[${audioOut}]`,
      ],
      pair: `[${videoOut}][${audioOut}]`,
    };
  };
  const pieces = [
    ...(intro === undefined ? [] : [normalise(intro, 'intro')]),
    { chains: [], pair: `[${main.videoIn}][${main.audioIn}]` },
    ...(outro === undefined ? [] : [normalise(outro, 'outro')]),
  ];
  const videoOut = `${label}_v`;
  const audioOut = `${label}_a`;
  return {
    chains: [
      ...pieces.flatMap((piece) => piece.chains),
      `${pieces.map((piece) => piece.pair).join('')}concat=n=${pieces.length}:v=1:a=1[${label}_cv][${audioOut}]`,
      // Every part is already at the output rate, so numbering the frames keeps the rate constant;
      // a closing `fps` drops the programme's last frame when it ends in a cross-fade.
      `[${label}_cv]setpts=N*${frameRate.den}/${frameRate.num}/TB[${videoOut}]`,
    ],
    videoOut,
    audioOut,
  };
}

function assertOutputFormat({
  frame,
  frameRate,
  sampleRate,
  channelLayout,
}: Pick<BuildBumperPartOptions, 'frame' | 'frameRate' | 'sampleRate' | 'channelLayout'>): void {
  const positiveInts = { ...frame, fpsNum: frameRate.num, fpsDen: frameRate.den, sampleRate };
  for (const [name, value] of Object.entries(positiveInts)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new TypeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  if (!/^[a-z0-9.()+]+$/i.test(channelLayout)) {
    throw new TypeError(`channelLayout must be an ffmpeg layout name, got "${channelLayout}"`);
  }
}
