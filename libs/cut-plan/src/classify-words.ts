import type { CutReason } from './cut-plan-schema';
import { mergeSpans, type Span } from './spans';

/**
 * A word as the planner needs it; a `@reel/transcript` word fits as is. Times are milliseconds
 * from the start of the audio.
 */
export interface PlanWord {
  text: string;
  startMs: number;
  endMs: number;
  /** 0–1; default 1. */
  confidence?: number;
  /** An um, uh, er, or part of a multi-word filler ("you know"). */
  filler?: boolean;
}

/** A proposed cut before the timeline is assembled. */
export interface CutCandidate extends Span {
  reason: CutReason;
  confidence: number;
}

export interface ClassifiedWords {
  /** The spans of the words that stay, sorted and joined: nothing may cut into them. */
  keptSpans: Span[];
  fillers: CutCandidate[];
  repeats: CutCandidate[];
}

/**
 * Splits a transcript's words into the ones that stay and the ones to cut: fillers, and every
 * word that the next non-filler word repeats within `maxRepeatGapMs` ("the the", "I, um, I": the
 * last one stays). Words are compared case- and punctuation-blind; pocketsphinx's alternate
 * pronunciation marks (`the(2)`) are ignored. Spans are clamped to [0, durationMs]; a word with no
 * duration counts as 1 ms long, so it is still protected.
 */
export function classifyWords({
  words,
  durationMs,
  maxRepeatGapMs,
}: {
  words: readonly PlanWord[];
  durationMs: number;
  maxRepeatGapMs: number;
}): ClassifiedWords {
  const timed = words
    .map((word) => ({ ...word, ...clampSpan(word, durationMs) }))
    .sort((a, b) => a.startMs - b.startMs);
  const fillers: CutCandidate[] = [];
  const spoken: Array<(typeof timed)[number]> = [];
  for (const word of timed) {
    if (word.filler === true) fillers.push(candidate(word, 'filler', confidenceOf(word)));
    else spoken.push(word);
  }

  const repeats: CutCandidate[] = [];
  const kept: Span[] = [];
  for (const [index, word] of spoken.entries()) {
    const next = spoken[index + 1];
    const normalized = normalizeWord(word.text);
    const repeated =
      next !== undefined &&
      normalized !== '' &&
      normalized === normalizeWord(next.text) &&
      next.startMs - word.endMs <= maxRepeatGapMs;
    if (repeated) {
      repeats.push(candidate(word, 'repeat', Math.min(confidenceOf(word), confidenceOf(next))));
    } else {
      kept.push({ startMs: word.startMs, endMs: word.endMs });
    }
  }
  return { keptSpans: mergeSpans(kept, (a) => a), fillers, repeats };
}

function normalizeWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(\d+\)$/, '')
    .replace(/[^\p{L}\p{N}']+/gu, '')
    .replace(/^'+|'+$/g, '');
}

function clampSpan({ startMs, endMs }: Span, durationMs: number): Span {
  const clamp = (ms: number) => Math.min(durationMs, Math.max(0, Math.round(ms)));
  const start = clamp(Math.min(startMs, endMs));
  const end = clamp(Math.max(startMs, endMs));
  if (end > start) return { startMs: start, endMs: end };
  return start >= durationMs
    ? { startMs: durationMs - 1, endMs: durationMs }
    : { startMs: start, endMs: start + 1 };
}

function confidenceOf({ confidence }: PlanWord): number {
  return confidence === undefined || !Number.isFinite(confidence)
    ? 1
    : Math.min(1, Math.max(0, confidence));
}

function candidate(span: Span, reason: CutReason, confidence: number): CutCandidate {
  return { startMs: span.startMs, endMs: span.endMs, reason, confidence };
}
