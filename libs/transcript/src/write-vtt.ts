import type { SubtitleCue } from './build-cues';
import { formatTimestamp } from './subtitle-syntax';

/**
 * WebVTT text of the cues: the `WEBVTT` header, then each cue's timing line (hours always
 * written) and lines, with `&`, `<` and `>` escaped so that text never reads as markup or as a
 * timing arrow. Pure.
 *
 * @example
 * writeVtt([{ startMs: 500, endMs: 2260, lines: ['Q&A'] }]);
 * // → 'WEBVTT\n\n00:00:00.500 --> 00:00:02.260\nQ&amp;A\n\n'
 */
export function writeVtt(cues: readonly SubtitleCue[]): string {
  const body = cues
    .map(
      ({ startMs, endMs, lines }) =>
        `${formatTimestamp(startMs, 'vtt')} --> ${formatTimestamp(endMs, 'vtt')}\n${lines.map(escapeCueText).join('\n')}\n\n`,
    )
    .join('');
  return `WEBVTT\n\n${body}`;
}

function escapeCueText(line: string): string {
  return line.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
