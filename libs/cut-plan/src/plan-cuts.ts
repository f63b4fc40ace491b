import { absorbTinyKeeps, dropShortCuts, fillTimeline } from './assemble-timeline';
import { classifyWords, type CutCandidate, type PlanWord } from './classify-words';
import { planCutsOptionsSchema, type PlanCutsOptions } from './cut-plan-options';
import { CUT_PLAN_SCHEMA_VERSION, type CutPlan, type CutPlanSource } from './cut-plan-schema';
import { DEFAULT_FRAME_RATE, type FrameRate } from './frame-rate';
import { mergeSpans, subtractSpans, type Span } from './spans';

export interface PlanCutsInput {
  /** Length of the audio, in whole milliseconds: the plan covers [0, durationMs]. */
  durationMs: number;
  /**
   * Every quiet stretch silencedetect found, in any order. Those of at least `minSilenceMs` are
   * cut; shorter ones only tell the planner where nothing is said (see the README's rules).
   */
  silences: readonly Span[];
  /** The transcript's words; omit when there is no transcript (silences only). */
  words?: readonly PlanWord[];
  options?: PlanCutsOptions;
  /** Recorded for the exports; the frame rate defaults to 25 fps. */
  source?: Partial<Pick<CutPlanSource, 'name' | 'video'>> & { frameRate?: FrameRate };
}

/**
 * Plans the cuts of one recording — pure and deterministic. Cuts every silence of at least
 * `minSilenceMs` (less `marginMs` on each side that borders audio), every filler word and every
 * word the next word repeats; never cuts into a word that stays (a silence cut also keeps
 * `marginMs` around such a word); cuts a kept stretch shorter than `minKeepMs` between cuts only
 * when it holds no kept word and nothing but silence or removed words; keeps runs of cuts shorter
 * than `minCutMs`. Returns the whole plan document (valid for `validateCutPlan`). Bad options
 * throw a TypeError with the zod error as `cause`.
 *
 * @example
 * const plan = planCuts({
 *   durationMs: 60_000,
 *   silences: [{ startMs: 0, endMs: 1200 }, { startMs: 14_800, endMs: 16_900 }],
 *   words: transcript.words,
 *   options: { marginMs: 150, mode: 'mute' },
 * });
 */
export function planCuts({
  durationMs,
  silences,
  words,
  options = {},
  source = {},
}: PlanCutsInput): CutPlan {
  if (!Number.isInteger(durationMs) || durationMs <= 0) {
    throw new TypeError(`durationMs must be a positive integer, got ${durationMs}`);
  }
  const parsed = planCutsOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`Invalid cut plan options: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  const { mode, ...settings } = parsed.data;
  const { minSilenceMs, marginMs, minKeepMs, minCutMs, maxRepeatGapMs } = settings;

  const { keptSpans, fillers, repeats } = classifyWords({
    words: words ?? [],
    durationMs,
    maxRepeatGapMs,
  });
  const lower = (a: CutCandidate, b: CutCandidate) => (a.confidence <= b.confidence ? a : b);
  const fillerCuts = subtractSpans(mergeSpans(fillers, lower), keptSpans);
  const repeatCuts = subtractSpans(
    subtractSpans(mergeSpans(repeats, lower), keptSpans),
    fillerCuts,
  );
  const wordCuts = mergeSpans<Span>([...fillerCuts, ...repeatCuts], (a) => a);

  const detected = silences.map((silence) => clamp(silence, durationMs));
  const silenceCuts = subtractSpans(
    subtractSpans(
      mergeSpans(
        detected
          .filter(({ startMs, endMs }) => endMs - startMs >= minSilenceMs)
          .map((silence) => shrinkByMargin(silence, marginMs, durationMs)),
        lower,
      ),
      mergeSpans(
        keptSpans.map((word) =>
          clamp({ startMs: word.startMs - marginMs, endMs: word.endMs + marginMs }, durationMs),
        ),
        (a) => a,
      ),
    ),
    wordCuts,
  );

  const cuts = [...fillerCuts, ...repeatCuts, ...silenceCuts].sort((a, b) => a.startMs - b.startMs);
  const quiet = mergeSpans<Span>([...detected, ...wordCuts], (a) => a);
  const segments = dropShortCuts(
    absorbTinyKeeps(fillTimeline(cuts, durationMs), { minKeepMs, keptWords: keptSpans, quiet }),
    minCutMs,
  ).map(({ confidence, ...segment }) =>
    confidence === undefined
      ? segment
      : { ...segment, confidence: Math.round(confidence * 1000) / 1000 },
  );

  return {
    schemaVersion: CUT_PLAN_SCHEMA_VERSION,
    source: {
      ...(source.name === undefined ? {} : { name: source.name }),
      durationMs,
      frameRate: source.frameRate ?? DEFAULT_FRAME_RATE,
      ...(source.video === undefined ? {} : { video: source.video }),
    },
    mode,
    options: settings,
    usedTranscript: words !== undefined,
    segments,
  };
}

function clamp({ startMs, endMs }: Span, durationMs: number): Span {
  return {
    startMs: Math.max(0, Math.round(startMs)),
    endMs: Math.min(durationMs, Math.round(endMs)),
  };
}

/** Margins only where the silence borders audio: not at the start or end of the timeline. */
function shrinkByMargin(
  { startMs, endMs }: Span,
  marginMs: number,
  durationMs: number,
): CutCandidate {
  return {
    startMs: startMs <= 0 ? 0 : startMs + marginMs,
    endMs: endMs >= durationMs ? durationMs : endMs - marginMs,
    reason: 'silence',
    confidence: 1,
  };
}
