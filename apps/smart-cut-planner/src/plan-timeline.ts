import type { JobInput } from '@reel/manifest';

interface Span {
  startMs: number;
  endMs: number;
}

/**
 * The timeline a cut plan covers and the silences on it. A plan covers the SOURCE, as its schema
 * says and as the render checks it (within a frame of the validate step's probe of the input):
 * not the extracted sound, which ends earlier when the picture runs on after the sound (10.913 s
 * of sound in a 10.967 s file made the render refuse the plan). What lies past the sound's end has
 * no sound, so it is silence: a silence that runs to the sound's end is extended to the source's,
 * else the soundless tail is one more silence, and the planner cuts it or keeps it by its rules
 * (`minSilenceMs`). Without a probe of the input (a job that skipped validation) the sound's length
 * is the timeline. Pure.
 *
 * @example
 * planTimeline({ input, soundDurationMs: 10_913, silences: [{ startMs: 9_800, endMs: 10_913 }] });
 * // input.probe.durationSec 10.967 → { durationMs: 10_967, silences: [{ startMs: 9_800, endMs: 10_967 }] }
 */
export function planTimeline({
  input,
  soundDurationMs,
  silences,
}: {
  input: Pick<JobInput, 'probe'>;
  soundDurationMs: number;
  silences: readonly Span[];
}): { durationMs: number; silences: Span[] } {
  const sourceDurationSec = input.probe?.durationSec;
  const durationMs =
    sourceDurationSec === undefined || sourceDurationSec <= 0
      ? soundDurationMs
      : Math.round(sourceDurationSec * 1000);
  if (durationMs <= soundDurationMs) return { durationMs, silences: [...silences] };
  const last = silences.at(-1);
  const tail =
    last !== undefined && last.endMs >= soundDurationMs
      ? [...silences.slice(0, -1), { startMs: last.startMs, endMs: durationMs }]
      : [...silences, { startMs: soundDurationMs, endMs: durationMs }];
  return { durationMs, silences: tail };
}
