import { InvalidRequestError } from '@reel/error-taxonomy';
import type { FrameRate } from './frame-rate';
import { timecodeToFrames } from './timecode';

/** One event of a CMX 3600 edit list, times as frame numbers. */
export interface EdlEvent {
  eventNumber: number;
  reel: string;
  /** `V`, `A`, `AA`, `AA/V`, `B`, … */
  channel: string;
  /** `C` (cut), `D` (dissolve), `W…` (wipe). */
  transition: string;
  sourceInFrames: number;
  sourceOutFrames: number;
  recordInFrames: number;
  recordOutFrames: number;
  clipName?: string;
  comments: string[];
}

export interface ParsedEdl {
  title?: string;
  events: EdlEvent[];
}

const EVENT_START = /^\d{3,}\s/;

/**
 * Reads a CMX 3600 edit list (non-drop-frame) back into events, with timecodes converted to frame
 * numbers at `frameRate`. `* FROM CLIP NAME:` and `* COMMENT:` notes attach to the event above
 * them; other note and motion-effect lines are skipped. An event line that does not parse, or a
 * drop-frame list, is refused with InvalidRequestError naming the line.
 *
 * @example
 * const { events } = parseEdl(await readFile('cut-plan.edl', 'utf8'), { frameRate: plan.source.frameRate });
 */
export function parseEdl(text: string, { frameRate }: { frameRate: FrameRate }): ParsedEdl {
  const parsed: ParsedEdl = { events: [] };
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    const lineNumber = index + 1;
    const refuse = (problem: string): never => {
      throw new InvalidRequestError(`Edit list line ${lineNumber}: ${problem}`, {
        details: { lineNumber, line: line.slice(0, 200) },
        advice: 'Export the edit list again as CMX 3600 with non-drop-frame timecode.',
      });
    };
    if (line.startsWith('TITLE:')) parsed.title = line.slice('TITLE:'.length).trim();
    else if (line.startsWith('FCM:') && /\bDROP FRAME$/.test(line) && !/NON-DROP/.test(line)) {
      refuse('drop-frame timecode is not supported');
    } else if (EVENT_START.test(line)) {
      parsed.events.push(parseEvent(line, frameRate, refuse));
    } else if (line.startsWith('*')) attachNote(parsed.events.at(-1), line.slice(1).trim());
  }
  return parsed;
}

function parseEvent(
  line: string,
  frameRate: FrameRate,
  refuse: (problem: string) => never,
): EdlEvent {
  const fields = line.split(/\s+/);
  if (fields.length < 8)
    refuse('an event needs a number, reel, channel, transition and four timecodes');
  const [eventNumber, reel, channel, transition] = fields as [string, string, string, string];
  const timecodes = fields.slice(-4).map((timecode) => {
    try {
      return timecodeToFrames(timecode, frameRate);
    } catch (error) {
      return refuse((error as Error).message);
    }
  });
  const [sourceInFrames, sourceOutFrames, recordInFrames, recordOutFrames] = timecodes as [
    number,
    number,
    number,
    number,
  ];
  if (sourceOutFrames < sourceInFrames || recordOutFrames < recordInFrames)
    refuse('an event ends before it starts');
  return {
    eventNumber: Number(eventNumber),
    reel,
    channel,
    transition,
    sourceInFrames,
    sourceOutFrames,
    recordInFrames,
    recordOutFrames,
    comments: [],
  };
}

function attachNote(event: EdlEvent | undefined, note: string): void {
  if (event === undefined) return;
  if (note.startsWith('FROM CLIP NAME:'))
    event.clipName = note.slice('FROM CLIP NAME:'.length).trim();
  else if (note.startsWith('COMMENT:')) event.comments.push(note.slice('COMMENT:'.length).trim());
}
