import { fillerTokens, type RecognizedWord } from '@reel/transcript';

// `word start end confidence`, times in seconds; hypothesis lines (plain words) never end in numbers.
const WORD_LINE = /^(\S+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;
// Sentence markers and pauses: timing, not words.
const MARKERS = new Set(['<s>', '</s>', '<sil>']);
// Noise words: `[NOISE]`, `[SPEECH]` in Debian's en-US model, `++BREATH++`-style in others.
const NOISE_WORD = /^(?:\[(.+)\]|\+\+(.+)\+\+)$/;

/**
 * The words of `pocketsphinx_continuous -time yes` stdout, in order, times in ms. Kept out:
 * `<s>`, `</s>` and `<sil>`. Noise words are dropped, except those that name a hesitation
 * (`++UM++`, `[UH]`), which become that filler word (`um`, `uh`) so they are marked like any
 * other filler. A pronunciation variant's suffix goes (`i'm(2)` → `i'm`). Pure.
 *
 * @example
 * parsePocketsphinxOutput('welcome 0.510 0.980 0.505464\n<sil> 0.990 1.030 0.98\n');
 * // → [{ text: 'welcome', startMs: 510, endMs: 980, confidence: 0.505464 }]
 */
export function parsePocketsphinxOutput(stdout: string): RecognizedWord[] {
  const words: RecognizedWord[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = WORD_LINE.exec(line.trim());
    if (match === null) continue;
    const [, token = '', start, end, confidence] = match;
    const text = wordText(token);
    if (text === undefined) continue;
    words.push({
      text,
      startMs: Math.round(Number(start) * 1000),
      endMs: Math.round(Number(end) * 1000),
      confidence: Math.min(1, Math.max(0, Number(confidence))),
    });
  }
  return words;
}

function wordText(token: string): string | undefined {
  if (MARKERS.has(token)) return undefined;
  const noise = NOISE_WORD.exec(token);
  if (noise !== null) {
    const named = (noise[1] ?? noise[2] ?? '').toLowerCase();
    return fillerTokens.has(named) ? named : undefined;
  }
  return token.replace(/\(\d+\)$/, '');
}
