import { CorruptInputError } from '@reel/error-taxonomy';

/** Which subtitle format a timestamp or document belongs to; the two differ in small ways. */
export type SubtitleFormat = 'srt' | 'vtt';

/**
 * `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (VTT) for whole milliseconds; hours grow past 99.
 *
 * @example
 * formatTimestamp(3_723_004, 'srt'); // → '01:02:03,004'
 */
export function formatTimestamp(totalMs: number, format: SubtitleFormat): string {
  if (!Number.isInteger(totalMs) || totalMs < 0) {
    throw new TypeError(`A cue time must be a non-negative integer of ms, got ${totalMs}`);
  }
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const seconds = Math.floor(totalMs / 1000) % 60;
  const milliseconds = totalMs % 1000;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const separator = format === 'srt' ? ',' : '.';
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(milliseconds, 3)}`;
}

// SRT always has hours and a comma; VTT may leave out hours and uses a dot. Trailing cue settings
// (VTT `align:start`, SRT `X1:… Y1:…`) are allowed after the end time and ignored.
const TIMING_LINE = {
  srt: /^(\d{2,}):(\d{2}):(\d{2})[,.](\d{3})\s+-->\s+(\d{2,}):(\d{2}):(\d{2})[,.](\d{3})(?:\s.*)?$/,
  vtt: /^(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})\s+-->\s+(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})(?:\s.*)?$/,
} as const;

/**
 * The start and end of a cue's timing line (`00:00:01,500 --> 00:00:03,000`), or `undefined`
 * when the line is not one.
 */
export function parseTimingLine(
  line: string,
  format: SubtitleFormat,
): { startMs: number; endMs: number } | undefined {
  const match = TIMING_LINE[format].exec(line.trim());
  if (match === null) return undefined;
  const toMs = (hours = '0', minutes = '0', seconds = '0', milliseconds = '0') =>
    ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(milliseconds);
  return {
    startMs: toMs(match[1], match[2], match[3], match[4]),
    endMs: toMs(match[5], match[6], match[7], match[8]),
  };
}

/** The document's lines without a byte-order mark, whatever its line endings. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Runs of non-blank lines with the 1-based number of their first line. */
export function splitBlocks(
  lines: readonly string[],
): Array<{ firstLineNumber: number; lines: string[] }> {
  const blocks: Array<{ firstLineNumber: number; lines: string[] }> = [];
  let current: { firstLineNumber: number; lines: string[] } | undefined;
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    if (current === undefined) {
      current = { firstLineNumber: index + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

/** The error a parser throws for a document it cannot read, pointing at the line. */
export function malformedSubtitle(
  format: SubtitleFormat,
  lineNumber: number,
  problem: string,
): CorruptInputError {
  return new CorruptInputError(
    `Line ${lineNumber} of the ${format.toUpperCase()} file: ${problem}`,
    {
      details: { format, lineNumber },
      advice: `Fix the ${format.toUpperCase()} file at that line, or write it again from the transcript.`,
    },
  );
}
