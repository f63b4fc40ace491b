import type { RenderOptions } from '@reel/media-types';
import type { GraphPart, RenderTimeline, TimelinePiece } from './render-timeline';
import { selectKeptFrames } from './select-kept-frames';

/** The sample rate and layout every audio part of a render is normalised to. */
export const RENDER_SAMPLE_RATE_HZ = 48_000;
const AUDIO_FORMAT = `aformat=sample_fmts=fltp:sample_rates=${RENDER_SAMPLE_RATE_HZ}:channel_layouts=stereo`;

/** Options of {@link buildCutGraph}. */
export interface BuildCutGraphOptions {
  timeline: RenderTimeline;
  /** The source's video stream, e.g. `0:v:0`. */
  videoIn: string;
  /** The source's audio stream, e.g. `0:a:0`; absent: the render gets silence of the same length. */
  audioIn?: string;
  /** Fade-out/fade-in at each hard join, inside the pieces (see `joinFadeMs`). */
  joinFadeMs: RenderOptions['joinFadeMs'];
  mute: RenderOptions['mute'];
  /** Prefix of every label this part makes (unique in the whole graph). Default `cut`. */
  labelPrefix?: string;
}

/**
 * The cut part of the render graph: the source decoded once, normalised to its own frame grid
 * (`fps`) and to 48 kHz stereo, split into one `trim`/`atrim` branch per timeline piece and joined
 * with `concat` (hard cuts) or chained `xfade`/`acrossfade` (transitions). Each branch is exact:
 * its video is padded/capped to its frame count (`tpad` + `trim=end_frame`) and its audio to the
 * same duration (`apad` + `atrim`), so sound and picture stay within a sample of each other over
 * hundreds of joins. Hard joins get `joinFadeMs` fades inside the pieces (no click, no change of
 * length); muted pieces play silence or a tone; sped-up pieces use `setpts` + `fps` and chained
 * `atempo` (≤ 2 each, pitch kept). Branches only drop frames outside their span, so nothing buffers
 * the whole source. Pure.
 *
 * @example
 * const part = buildCutGraph({ timeline, videoIn: '0:v:0', audioIn: '0:a:0', joinFadeMs: 5, mute });
 * // part.chains.join(';') → '[0:v:0]fps=25/1,split=2[cut_vs0][cut_vs1];…'; part.videoOut → 'cut_v'
 */
export function buildCutGraph({
  timeline,
  videoIn,
  audioIn,
  joinFadeMs,
  mute,
  labelPrefix = 'cut',
}: BuildCutGraphOptions): GraphPart & { audioOut: string } {
  const { pieces, frameRate } = timeline;
  if (pieces.length === 0) throw new TypeError('The timeline has no pieces to render');
  const label = (name: string, index?: number) => `${labelPrefix}_${name}${index ?? ''}`;
  const rate = `${frameRate.num}/${frameRate.den}`;
  const fps = frameRate.num / frameRate.den;
  const usesSource = pieces.map((piece) => audioIn !== undefined && !(piece.muted && mute.tone));
  const sourceAudioCount = usesSource.filter(Boolean).length;
  // Hard cuts at normal speed: one select chain; otherwise one trimmed branch per piece.
  const selectsVideo =
    timeline.transition === undefined && pieces.every((piece) => piece.speed === 1);
  const chains = [
    selectsVideo
      ? selectKeptFrames({ pieces, videoIn, rate, videoOut: label('v') })
      : `[${videoIn}]fps=${rate}${splitter('split', pieces.length, (index) => label('vs', index))}`,
  ];
  if (audioIn !== undefined && sourceAudioCount > 0) {
    chains.push(
      `[${audioIn}]aresample=${RENDER_SAMPLE_RATE_HZ}:async=1:first_pts=0,${AUDIO_FORMAT}` +
        splitter('asplit', sourceAudioCount, (index) => label('as', index)),
    );
  }
  let sourceAudioIndex = 0;
  pieces.forEach((piece, index) => {
    const isJoined = { atStart: index > 0, atEnd: index < pieces.length - 1 };
    if (!selectsVideo) {
      chains.push(
        `[${label('vs', index)}]${pieceVideo(piece, { rate, fps })}[${label('v', index)}]`,
      );
    }
    const audioSource = usesSource[index]
      ? `[${label('as', sourceAudioIndex++)}]${trimAudio(piece)}`
      : generatedAudio(piece, mute);
    const filters = [
      ...(usesSource[index] ? pieceAudioEffects(piece) : []),
      `apad,atrim=end=${sec(piece.outputDurationSec)}`,
      ...(timeline.transition === undefined ? joinFades(piece, isJoined, joinFadeMs) : []),
    ];
    chains.push(
      `${audioSource}${filters.map((filter) => `,${filter}`).join('')}[${label('a', index)}]`,
    );
  });
  chains.push(...joinPieces(timeline, label, selectsVideo));
  return { chains, videoOut: label('v'), audioOut: label('a') };
}

function splitter(filter: string, count: number, output: (index: number) => string): string {
  const outputs = Array.from({ length: count }, (_, index) => `[${output(index)}]`).join('');
  return count === 1 ? outputs : `,${filter}=${count}${outputs}`;
}

/**
 * A piece's frames: from the frame at `sourceStartFrame` (boundaries half a frame early, so
 * timestamps that are a microsecond off still land on the right frame) to the one before
 * `sourceEndFrame`, sped up when asked, then padded or capped to exactly its output frame count.
 */
function pieceVideo(piece: TimelinePiece, { rate, fps }: { rate: string; fps: number }): string {
  const startSec = Math.max(0, (piece.sourceStartFrame - 0.5) / fps);
  const endSec = (piece.sourceEndFrame - 0.5) / fps;
  const outputFrames = Math.round(piece.outputDurationSec * fps);
  const speedUp = piece.speed === 1 ? [] : [`setpts=PTS/${piece.speed.toFixed(9)}`, `fps=${rate}`];
  return [
    `trim=start=${sec(startSec)}:end=${sec(endSec)}`,
    'setpts=PTS-STARTPTS',
    ...speedUp,
    'tpad=stop_mode=clone:stop=-1',
    `trim=end_frame=${outputFrames}`,
  ].join(',');
}

function trimAudio(piece: TimelinePiece): string {
  return `atrim=start=${sec(piece.sourceStartSec)}:end=${sec(piece.sourceEndSec)},asetpts=PTS-STARTPTS`;
}

/** A muted piece with a tone: a sine at `toneHz` and `toneDb` instead of the source's sound. */
function generatedAudio(piece: TimelinePiece, mute: RenderOptions['mute']): string {
  const durationSec = sec(piece.outputDurationSec);
  if (!piece.muted || !mute.tone) {
    return `anullsrc=r=${RENDER_SAMPLE_RATE_HZ}:cl=stereo,atrim=end=${durationSec},${AUDIO_FORMAT}`;
  }
  const amplitude = (10 ** (mute.toneDb / 20)).toFixed(6);
  return `aevalsrc=${amplitude}*sin(2*PI*${mute.toneHz}*t):s=${RENDER_SAMPLE_RATE_HZ}:c=stereo:d=${durationSec},${AUDIO_FORMAT}`;
}

function pieceAudioEffects(piece: TimelinePiece): string[] {
  if (piece.muted) return ['volume=0'];
  if (piece.speed === 1) return [];
  // atempo keeps the pitch; one instance above 2× skips samples, so chain factors of at most 2.
  const tempos: string[] = [];
  let remaining = piece.speed;
  while (remaining > 2) {
    tempos.push('atempo=2');
    remaining /= 2;
  }
  return [...tempos, `atempo=${remaining.toFixed(9)}`];
}

function joinFades(
  piece: TimelinePiece,
  { atStart, atEnd }: { atStart: boolean; atEnd: boolean },
  joinFadeMs: number,
): string[] {
  if (joinFadeMs <= 0) return [];
  const fadeSec = Math.min(joinFadeMs / 1000, piece.outputDurationSec / 2);
  return [
    ...(atStart ? [`afade=t=in:st=0:d=${sec(fadeSec)}`] : []),
    ...(atEnd
      ? [`afade=t=out:st=${sec(piece.outputDurationSec - fadeSec)}:d=${sec(fadeSec)}`]
      : []),
  ];
}

function joinPieces(
  { pieces, transition }: RenderTimeline,
  label: (name: string, index?: number) => string,
  selectsVideo: boolean,
): string[] {
  if (selectsVideo) {
    const inputs = pieces.map((_, index) => `[${label('a', index)}]`).join('');
    return [
      pieces.length === 1
        ? `${inputs}anull[${label('a')}]`
        : `${inputs}concat=n=${pieces.length}:v=0:a=1[${label('a')}]`,
    ];
  }
  if (pieces.length === 1) {
    return [`[${label('v', 0)}]null[${label('v')}]`, `[${label('a', 0)}]anull[${label('a')}]`];
  }
  if (transition === undefined) {
    const inputs = pieces
      .map((_, index) => `[${label('v', index)}][${label('a', index)}]`)
      .join('');
    return [`${inputs}concat=n=${pieces.length}:v=1:a=1[${label('v')}][${label('a')}]`];
  }
  const chains: string[] = [];
  const durationSec = sec(transition.durationSec);
  pieces.forEach((piece, index) => {
    if (index === 0) return;
    const isLast = index === pieces.length - 1;
    const videoFrom = index === 1 ? label('v', 0) : label('xv', index - 1);
    const audioFrom = index === 1 ? label('a', 0) : label('xa', index - 1);
    const videoTo = isLast ? label('v') : label('xv', index);
    const audioTo = isLast ? label('a') : label('xa', index);
    chains.push(
      `[${videoFrom}][${label('v', index)}]xfade=transition=${transition.type}:duration=${durationSec}:offset=${sec(piece.outputStartSec)}[${videoTo}]`,
      `[${audioFrom}][${label('a', index)}]acrossfade=d=${durationSec}:c1=tri:c2=tri[${audioTo}]`,
    );
  });
  return chains;
}

/** Seconds as filter options read them: microseconds, never exponent notation. */
function sec(value: number): string {
  return value.toFixed(6);
}
