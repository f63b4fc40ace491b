import type { SubtitleCue } from './build-cues';
import { malformedSubtitle, parseTimingLine, splitBlocks, splitLines } from './subtitle-syntax';
import { SRT_TAG_BREAK } from './write-srt';

/**
 * The cues of a SubRip document, in document order. Blocks are separated by blank lines; each is
 * an optional number, a timing line and its text lines. Positions after the end time are ignored;
 * the tag break {@link writeSrt} puts after `<` is removed.
 * Throws `CorruptInputError` naming the line of a block without a valid timing line. Pure.
 *
 * @example
 * parseSrt('1\n00:00:00,500 --> 00:00:02,260\nwelcome\n'); // → [{ startMs: 500, endMs: 2260, lines: ['welcome'] }]
 */
export function parseSrt(text: string): SubtitleCue[] {
  const cues: SubtitleCue[] = [];
  for (const block of splitBlocks(splitLines(text))) {
    const [first, ...rest] = block.lines;
    const hasNumber = first !== undefined && /^\d+$/.test(first.trim());
    const timingLine = hasNumber ? rest[0] : first;
    const timingLineNumber = block.firstLineNumber + (hasNumber ? 1 : 0);
    const timing = timingLine === undefined ? undefined : parseTimingLine(timingLine, 'srt');
    if (timing === undefined) {
      throw malformedSubtitle(
        'srt',
        timingLineNumber,
        'expected a timing line "HH:MM:SS,mmm --> HH:MM:SS,mmm"',
      );
    }
    cues.push({
      ...timing,
      lines: (hasNumber ? rest.slice(1) : rest).map((line) =>
        line.trimEnd().replaceAll(`<${SRT_TAG_BREAK}`, '<'),
      ),
    });
  }
  return cues;
}
