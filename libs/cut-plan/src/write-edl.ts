import type { CutPlan, CutPlanSegment } from './cut-plan-schema';
import { msToFrames, type FrameRate } from './frame-rate';
import { framesToTimecode } from './timecode';

/** Options of {@link writeEdl}. */
export interface EdlOptions {
  /** The `TITLE:` line; default the source's name, else `reel cut plan`. */
  title?: string;
  /**
   * Carry every segment, not just the kept ones, so an editor decides in the NLE: the record
   * timeline is the whole source, and each cut event gets a `* COMMENT: REEL CUT <reason>` line
   * (CMX 3600 has no disabled event; use FCPXML for clips that import disabled). Default false.
   */
  allSegments?: boolean;
}

/** Reel name for file-based media, with the file in `* FROM CLIP NAME:` (as NLEs export it). */
const REEL = 'AX';

/**
 * The plan as a CMX 3600 edit list (non-drop-frame, one source). In `cut` mode each kept segment
 * is one event: source times from the segment at the plan's frame rate, record times laid end to
 * end from 00:00:00:00. In `mute` mode record times equal source times (the duration is
 * unchanged): kept segments are A/V events, cut ones video-only events (`V`, so the picture
 * continues without sound) or, for audio-only sources, a gap. `speed` mode exports like `cut`
 * (an EDL cannot carry the render's speed-up). With `allSegments` every segment is an A/V event
 * at its source time, the cut ones marked `* COMMENT: REEL CUT (reason) confidence 0.82`.
 * Segments shorter than one frame after rounding are left out. Event numbers grow past 999 when
 * needed. Pure.
 *
 * @example
 * await writeFile('cut-plan.edl', writeEdl(plan, { title: 'Episode 42' }));
 */
export function writeEdl(plan: CutPlan, { title, allSegments = false }: EdlOptions = {}): string {
  const { frameRate, name, video } = plan.source;
  const lines = [
    `TITLE: ${oneLine(title ?? name ?? 'reel cut plan').slice(0, 70)}`,
    'FCM: NON-DROP FRAME',
    '',
  ];
  const audioChannel = video === undefined ? 'AA' : 'AA/V';
  let recordFrames = 0;
  let eventNumber = 0;
  for (const segment of plan.segments) {
    const sourceIn = msToFrames(segment.startMs, frameRate);
    const sourceOut = msToFrames(segment.endMs, frameRate);
    if (sourceOut <= sourceIn) continue;
    const isCut = segment.action === 'cut';
    const marked = isCut && allSegments;
    const muted = isCut && !marked;
    if (muted && (plan.mode !== 'mute' || video === undefined)) continue;
    const recordIn = plan.mode !== 'mute' && !allSegments ? recordFrames : sourceIn;
    const recordOut = recordIn + sourceOut - sourceIn;
    recordFrames = recordOut;
    eventNumber += 1;
    lines.push(
      eventLine({
        eventNumber,
        channel: muted ? 'V' : audioChannel,
        frames: [sourceIn, sourceOut, recordIn, recordOut],
        frameRate,
      }),
      ...(name === undefined ? [] : [`* FROM CLIP NAME: ${oneLine(name)}`]),
      ...(muted ? [`* COMMENT: MUTED ${mutedReason(segment)}`] : []),
      ...(marked ? [`* COMMENT: REEL CUT ${cutNote(segment)}`] : []),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

function eventLine({
  eventNumber,
  channel,
  frames,
  frameRate,
}: {
  eventNumber: number;
  channel: string;
  frames: [number, number, number, number];
  frameRate: FrameRate;
}): string {
  const timecodes = frames.map((frame) => framesToTimecode(frame, frameRate)).join(' ');
  return `${String(eventNumber).padStart(3, '0')}  ${REEL.padEnd(8)} ${channel.padEnd(5)} ${'C'.padEnd(8)} ${timecodes}`;
}

function mutedReason({ reason }: CutPlanSegment): string {
  return reason === undefined ? '(hand-made cut)' : `(${reason})`;
}

function cutNote(segment: CutPlanSegment): string {
  const { confidence } = segment;
  return `${mutedReason(segment)}${confidence === undefined ? '' : ` confidence ${confidence.toFixed(2)}`}`;
}

/** Control characters (line breaks above all) would end the line and forge another. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}
