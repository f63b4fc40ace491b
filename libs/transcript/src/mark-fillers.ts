/**
 * Single tokens that are fillers wherever they stand (hesitations, not words). Normalised as
 * {@link normalizeToken} does. Backchannels such as "uh-huh" or "mhm" mean "yes" and are not here.
 */
export const fillerTokens: ReadonlySet<string> = new Set([
  'ah',
  'ahh',
  'eh',
  'er',
  'erm',
  'hm',
  'hmm',
  'hmmm',
  'mm',
  'mmm',
  'uh',
  'uhh',
  'uhm',
  'um',
  'umm',
]);

/** Multi-word fillers, as normalised tokens. Longer phrases are matched first. */
export const fillerPhrases: readonly (readonly string[])[] = [
  ['you', 'know'],
  ['i', 'mean'],
];

// A phrase does not run across the end of a sentence: "…did you. Know what…" is not "you know".
const SENTENCE_END = /[.!?]$/;

/**
 * The comparable form of a recognised token: lower case, without surrounding punctuation
 * (`"Um,"` → `um`) and without a recogniser's pronunciation variant (`i'm(2)` → `i'm`).
 *
 * @example
 * normalizeToken('Know,'); // → 'know'
 */
export function normalizeToken(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(\d+\)$/, '')
    .replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '');
}

/**
 * Marks each word that is a filler token ({@link fillerTokens}) or part of a filler phrase
 * ({@link fillerPhrases}) with `filler: true`, every other word with `filler: false`. Pure: the
 * words are copied, never changed; order and every other field are kept.
 *
 * @example
 * markFillers([{ text: 'Um,' }, { text: 'you' }, { text: 'know' }, { text: 'it' }])
 *   .map(({ filler }) => filler); // → [true, true, true, false]
 */
export function markFillers<TWord extends { text: string }>(
  words: readonly TWord[],
): Array<TWord & { filler: boolean }> {
  const tokens = words.map(({ text }) => normalizeToken(text));
  const filler = tokens.map((token) => fillerTokens.has(token));
  const phrases = [...fillerPhrases].sort((a, b) => b.length - a.length);
  for (let index = 0; index < words.length; index += 1) {
    const phrase = phrases.find((candidate) => phraseAt(words, tokens, index, candidate));
    if (phrase === undefined) continue;
    phrase.forEach((_, offset) => (filler[index + offset] = true));
    index += phrase.length - 1;
  }
  return words.map((word, index) => ({ ...word, filler: filler[index] ?? false }));
}

function phraseAt(
  words: readonly { text: string }[],
  tokens: readonly string[],
  start: number,
  phrase: readonly string[],
): boolean {
  return phrase.every(
    (token, offset) =>
      tokens[start + offset] === token &&
      (offset === phrase.length - 1 || !SENTENCE_END.test(words[start + offset]?.text ?? '')),
  );
}
