import type { SubtitleCue } from './build-cues';
import { malformedSubtitle, parseTimingLine, splitBlocks, splitLines } from './subtitle-syntax';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&nbsp;': '\u00A0',
  '&lrm;': '\u200E',
  '&rlm;': '\u200F',
};

/**
 * The cues of a WebVTT document, in document order: the `WEBVTT` header block and `NOTE`,
 * `STYLE` and `REGION` blocks are skipped, cue identifiers and settings dropped, character
 * references (`&amp;`, `&lt;`, …) decoded; markup tags are kept as text. Throws
 * `CorruptInputError` for a document without the header or a cue without a valid timing line. Pure.
 *
 * @example
 * parseVtt('WEBVTT\n\n00:00.500 --> 00:02.260\nQ&amp;A\n'); // → [{ startMs: 500, endMs: 2260, lines: ['Q&A'] }]
 */
export function parseVtt(text: string): SubtitleCue[] {
  const [header, ...blocks] = splitBlocks(splitLines(text));
  if (
    header === undefined ||
    !/^WEBVTT(?:[ \t].*)?$/.test(header.lines[0] ?? '') ||
    header.firstLineNumber !== 1
  ) {
    throw malformedSubtitle('vtt', 1, 'a WebVTT file starts with the line "WEBVTT"');
  }
  const cues: SubtitleCue[] = [];
  for (const block of blocks) {
    const [first = '', ...rest] = block.lines;
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) continue;
    const hasIdentifier = !first.includes('-->');
    const timingLine = hasIdentifier ? rest[0] : first;
    const timing = timingLine === undefined ? undefined : parseTimingLine(timingLine, 'vtt');
    if (timing === undefined) {
      throw malformedSubtitle(
        'vtt',
        block.firstLineNumber + (hasIdentifier ? 1 : 0),
        'expected a timing line "HH:MM:SS.mmm --> HH:MM:SS.mmm"',
      );
    }
    const lines = hasIdentifier ? rest.slice(1) : rest;
    cues.push({ ...timing, lines: lines.map((line) => decodeEntities(line.trimEnd())) });
  }
  return cues;
}

function decodeEntities(line: string): string {
  return line.replace(/&(?:amp|lt|gt|nbsp|lrm|rlm);/g, (entity) => ENTITIES[entity] ?? entity);
}
