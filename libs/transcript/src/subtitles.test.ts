import { describe, expect, it } from 'vitest';
import { buildCues, type SubtitleCue } from './build-cues';
import { parseSrt } from './parse-srt';
import { parseVtt } from './parse-vtt';
import { formatTimestamp } from './subtitle-syntax';
import { writeSrt } from './write-srt';
import { writeVtt } from './write-vtt';

const cues: SubtitleCue[] = [
  { startMs: 500, endMs: 2260, lines: ['welcome to the reel podcast'] },
  {
    startMs: 4162,
    endMs: 7090,
    lines: ['um the first thing is probing', 'every upload, Q&A <live> --> now'],
  },
  { startMs: 3_723_004, endMs: 3_725_000, lines: ['an hour later'] },
];

describe('Function: writeSrt', () => {
  it('numbers cues and writes comma timestamps', () => {
    expect(writeSrt(cues.slice(0, 1))).toBe(
      '1\n00:00:00,500 --> 00:00:02,260\nwelcome to the reel podcast\n\n',
    );
  });
});

describe('Function: writeVtt', () => {
  it('writes the header, dot timestamps and escapes markup characters', () => {
    expect(writeVtt(cues.slice(1, 2))).toBe(
      'WEBVTT\n\n00:00:04.162 --> 00:00:07.090\num the first thing is probing\nevery upload, Q&amp;A &lt;live&gt; --&gt; now\n\n',
    );
  });
});

describe('Function: parseSrt', () => {
  it('reads back what writeSrt wrote', () => {
    expect(parseSrt(writeSrt(cues))).toEqual(cues);
  });

  it('reads CRLF line endings, a byte-order mark, positions and missing numbers', () => {
    // Prepare
    const text =
      '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500 X1:10 X2:20\r\nHello\r\n\r\n\r\n00:00:03,000 --> 00:00:04,000\r\nWorld\r\n';

    // Act
    const parsed = parseSrt(text);

    // Assess
    expect(parsed).toEqual([
      { startMs: 1000, endMs: 2500, lines: ['Hello'] },
      { startMs: 3000, endMs: 4000, lines: ['World'] },
    ]);
  });

  it('refuses a block without a timing line as CorruptInputError naming the line', () => {
    expect(() =>
      parseSrt('1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 -> 4\nbad\n'),
    ).toThrow(
      expect.objectContaining({
        name: 'CorruptInputError',
        message: expect.stringContaining('Line 6 of the SRT file'),
      }),
    );
  });
});

describe('Function: parseVtt', () => {
  it('reads back what writeVtt wrote', () => {
    expect(parseVtt(writeVtt(cues))).toEqual(cues);
  });

  it('skips NOTE and STYLE blocks, identifiers and settings, and reads short timestamps', () => {
    // Prepare
    const text = [
      'WEBVTT - a title',
      '',
      'NOTE written by hand',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'intro',
      '00:01.000 --> 00:02.500 align:start position:10%',
      'Hello &amp; welcome',
      '',
    ].join('\n');

    // Act
    const parsed = parseVtt(text);

    // Assess
    expect(parsed).toEqual([{ startMs: 1000, endMs: 2500, lines: ['Hello & welcome'] }]);
  });

  it('refuses a document without the WEBVTT header', () => {
    expect(() => parseVtt('00:01.000 --> 00:02.000\nhi\n')).toThrow(
      expect.objectContaining({ name: 'CorruptInputError' }),
    );
  });
});

describe('Function: formatTimestamp', () => {
  it.each([
    [0, 'srt', '00:00:00,000'],
    [3_723_004, 'vtt', '01:02:03.004'],
    [360_000_000, 'srt', '100:00:00,000'],
  ] as const)('formats %d ms as %s: %s', (ms, format, expected) => {
    expect(formatTimestamp(ms, format)).toBe(expected);
  });

  it('refuses fractional milliseconds', () => {
    expect(() => formatTimestamp(1.5, 'srt')).toThrow(TypeError);
  });
});

describe('Round trip: transcript words → cues → SRT/VTT → cues', () => {
  it('keeps cues in order, non-overlapping, within 2 × 42 characters and 7 s, words whole', () => {
    // Prepare
    const words = Array.from({ length: 120 }, (_, index) => ({
      text:
        ['serverless', 'media', 'um', 'processing,', 'you', 'know', 'is', 'fun'][index % 8] ?? '',
      startMs: index * 400 + (index % 15 === 0 ? 900 : 0),
      endMs: index * 400 + 350 + (index % 15 === 0 ? 900 : 0),
    }));
    const built = buildCues({ words });

    // Act
    const fromSrt = parseSrt(writeSrt(built));
    const fromVtt = parseVtt(writeVtt(built));

    // Assess
    for (const parsed of [fromSrt, fromVtt]) {
      expect(parsed).toEqual(built);
      parsed.forEach((cue, index) => {
        expect(cue.startMs).toBeGreaterThanOrEqual(parsed[index - 1]?.endMs ?? 0);
        expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(7000);
        expect(cue.lines.length).toBeLessThanOrEqual(2);
        for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
      });
      expect(parsed.flatMap(({ lines }) => lines.join(' ').split(' '))).toEqual(
        words.map(({ text }) => text),
      );
    }
  });
});
