import { RENDER_SAMPLE_RATE_HZ } from './build-cut-graph';
import { escapeFilterValue } from './escape-filter-value';
import type { RemovedSpan, RenderTimeline } from './render-timeline';

/** Options of {@link buildRemovedPreviewGraph}. */
export interface BuildRemovedPreviewGraphOptions {
  timeline: Pick<RenderTimeline, 'frameRate' | 'removed'>;
  /** Output height in pixels (even); the width follows the source's aspect, rounded to even. */
  height: number;
  /** The pinned font file the labels are drawn with (the runtime's `fontFile`). */
  fontFile: string;
  /** The label of each span. Default: its reason and source timecodes, e.g. `#2 silence 00:00:04.000 - 00:00:05.500`. */
  labelFor?: (span: RemovedSpan, index: number) => string;
  /** The source's video stream. Default `0:v:0`. */
  videoIn?: string;
  /** The source's audio stream, e.g. `0:a:0`; absent: the preview gets silence of the same length. */
  audioIn?: string;
}

/** A filter graph for `ffmpeg -filter_complex_script`, and what it produces. */
export interface RemovedPreviewGraph {
  /** Chains separated by `;` and a line break. */
  filterScript: string;
  videoOut: string;
  audioOut: string;
  /** Σ of the spans' lengths on the frame grid. */
  outputDurationSec: number;
}

const LABEL_PREFIX = 'rp';

/**
 * `hh:mm:ss.mmm` of a source time, rounded to the millisecond.
 *
 * @example
 * sourceTimecode(3725.5); // → '01:02:05.500'
 */
export function sourceTimecode(sec: number): string {
  const totalMs = Math.round(sec * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const seconds = Math.floor(totalMs / 1000) % 60;
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(totalMs % 1000, 3)}`;
}

function defaultLabel(span: RemovedSpan, index: number): string {
  const from = sourceTimecode(span.sourceStartSec);
  const to = sourceTimecode(span.sourceEndSec);
  return `#${index + 1} ${span.reason ?? 'cut'} ${from} - ${to}`;
}

/**
 * The "what was cut" preview: only the timeline's removed spans, in source order, scaled to
 * `height` (even width, aspect kept), each labelled at the top left with `labelFor` (drawtext with
 * the pinned font, so a laptop and Lambda draw the same pixels), its sound kept (48 kHz stereo),
 * joined with `concat`. Spans are cut on the source's frame grid (`trim=start_frame/end_frame`
 * after `fps`) and each span's sound is padded/capped to its picture's length, so the preview
 * lasts Σ spans within a frame each. Returns `undefined` when nothing was removed (mute and speed
 * modes, or a plan that keeps everything): the caller writes no preview. Pure.
 *
 * @example
 * const graph = buildRemovedPreviewGraph({ timeline, height: 240, fontFile: runtime.fontFile, audioIn: '0:a:0' });
 * if (graph !== undefined) await runtime.renderGraph({ inputs: [source], ...graph, output: preview });
 */
export function buildRemovedPreviewGraph({
  timeline,
  height,
  fontFile,
  labelFor = defaultLabel,
  videoIn = '0:v:0',
  audioIn,
}: BuildRemovedPreviewGraphOptions): RemovedPreviewGraph | undefined {
  if (!Number.isInteger(height) || height < 2 || height % 2 !== 0) {
    throw new TypeError(`height must be an even number of pixels, got ${height}`);
  }
  const { frameRate, removed } = timeline;
  if (removed.length === 0) return undefined;
  const fps = frameRate.num / frameRate.den;
  const rate = `${frameRate.num}/${frameRate.den}`;
  const label = (name: string, index?: number) => `${LABEL_PREFIX}_${name}${index ?? ''}`;
  const spans = removed.map((span) => {
    const startFrame = Math.round(span.sourceStartSec * fps);
    const endFrame = Math.max(startFrame + 1, Math.round(span.sourceEndSec * fps));
    return { startFrame, endFrame, durationSec: (endFrame - startFrame) / fps };
  });
  const outputs = (name: string) => spans.map((_, index) => `[${label(name, index)}]`).join('');
  const fontSizePx = Math.max(10, Math.round(height / 14));
  const chains = [`[${videoIn}]fps=${rate},split=${spans.length}${outputs('vs')}`];
  if (audioIn !== undefined) {
    chains.push(
      `[${audioIn}]aresample=${RENDER_SAMPLE_RATE_HZ}:async=1:first_pts=0,` +
        `aformat=sample_fmts=fltp:sample_rates=${RENDER_SAMPLE_RATE_HZ}:channel_layouts=stereo,` +
        `asplit=${spans.length}${outputs('as')}`,
    );
  }
  spans.forEach(({ startFrame, endFrame, durationSec }, index) => {
    const span = removed[index] as RemovedSpan;
    const text = escapeFilterValue(labelFor(span, index));
    chains.push(
      `[${label('vs', index)}]trim=start_frame=${startFrame}:end_frame=${endFrame},` +
        `setpts=PTS-STARTPTS,scale=-2:${height},setsar=1,` +
        `drawtext=fontfile=${escapeFilterValue(fontFile)}:expansion=none:text=${text}:` +
        `fontsize=${fontSizePx}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4:x=8:y=8` +
        `[${label('v', index)}]`,
    );
    const audioSource =
      audioIn === undefined
        ? `anullsrc=r=${RENDER_SAMPLE_RATE_HZ}:cl=stereo`
        : `[${label('as', index)}]atrim=start=${sec(startFrame / fps)}:end=${sec(endFrame / fps)},asetpts=PTS-STARTPTS`;
    chains.push(`${audioSource},apad,atrim=end=${sec(durationSec)}[${label('a', index)}]`);
  });
  const joined = spans.map((_, index) => `[${label('v', index)}][${label('a', index)}]`).join('');
  chains.push(`${joined}concat=n=${spans.length}:v=1:a=1[${label('v')}][${label('a')}]`);
  return {
    filterScript: chains.join(';\n'),
    videoOut: label('v'),
    audioOut: label('a'),
    outputDurationSec: spans.reduce((sum, { durationSec }) => sum + durationSec, 0),
  };
}

function sec(value: number): string {
  return value.toFixed(6);
}
