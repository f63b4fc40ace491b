import type { SubtitleCue } from './build-cues';
import { formatTimestamp } from './subtitle-syntax';

/**
 * SubRip text of the cues: numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the lines, a blank
 * line after each cue; `\n` line endings. SubRip has no escapes, and players (ffmpeg's decoder
 * among them) drop anything shaped like a tag, so a `<` before a letter or `/` gets a zero-width
 * space after it: `<live>` is shown, not swallowed. {@link parseSrt} removes it again. Pure.
 *
 * @example
 * writeSrt([{ startMs: 500, endMs: 2260, lines: ['welcome to the podcast'] }]);
 * // → '1\n00:00:00,500 --> 00:00:02,260\nwelcome to the podcast\n\n'
 */
export function writeSrt(cues: readonly SubtitleCue[]): string {
  return cues
    .map(
      ({ startMs, endMs, lines }, index) =>
        `${index + 1}\n${formatTimestamp(startMs, 'srt')} --> ${formatTimestamp(endMs, 'srt')}\n${lines.map(unTag).join('\n')}\n\n`,
    )
    .join('');
}

/** U+200B after a `<` that would open a tag; invisible when shown. */
export const SRT_TAG_BREAK = '\u200B';

function unTag(line: string): string {
  return line.replace(/<(?=[A-Za-z/])/g, `<${SRT_TAG_BREAK}`);
}
