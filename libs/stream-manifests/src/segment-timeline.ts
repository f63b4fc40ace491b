import { InvalidRequestError } from '@reel/error-taxonomy';

/**
 * Ticks per second of every SegmentTimeline this lib writes. 90 000 divides evenly by the frame
 * durations of every common rate — 24, 25, 30, 50, 60 and the NTSC 1001 rates (29.97 fps = 3003
 * ticks) — and by an AAC frame at 48 kHz (1024 samples = 1920 ticks), so segment boundaries that
 * sit on frame boundaries are whole numbers and the timeline does not drift from the media's own
 * timestamps. Milliseconds (1000) cannot express 1/30 s or 1/29.97 s exactly.
 */
export const DASH_TIMESCALE = 90_000;

export interface TimelineEntry {
  /** Start in ticks; written only on the first entry (the rest follow on without gaps). */
  startTicks: number;
  durationTicks: number;
  /** How many more segments of the same duration follow (`S@r`). */
  repeat: number;
}

/**
 * Segment durations as `<S>` entries. Each boundary is rounded from the running total rather
 * than each duration on its own, so rounding never accumulates across a long programme; equal
 * neighbours fold into one entry with a repeat count.
 */
export function buildTimelineEntries(segmentDurationsSec: readonly number[]): TimelineEntry[] {
  if (
    segmentDurationsSec.length === 0 ||
    segmentDurationsSec.some((durationSec) => !Number.isFinite(durationSec) || durationSec <= 0)
  ) {
    throw new InvalidRequestError('A segment timeline needs at least one positive duration', {
      details: { segmentCount: segmentDurationsSec.length },
    });
  }
  const entries: TimelineEntry[] = [];
  let elapsedSec = 0;
  for (const durationSec of segmentDurationsSec) {
    const startTicks = Math.round(elapsedSec * DASH_TIMESCALE);
    elapsedSec += durationSec;
    const durationTicks = Math.round(elapsedSec * DASH_TIMESCALE) - startTicks;
    const previous = entries.at(-1);
    if (previous?.durationTicks === durationTicks) previous.repeat += 1;
    else entries.push({ startTicks, durationTicks, repeat: 0 });
  }
  return entries;
}

/** The `<SegmentTimeline>` element for {@link buildTimelineEntries}' output. */
export function formatSegmentTimeline(entries: readonly TimelineEntry[], indent: string): string {
  const lines = entries.map(({ startTicks, durationTicks, repeat }, index) => {
    const start = index === 0 ? ` t="${startTicks}"` : '';
    const repeats = repeat > 0 ? ` r="${repeat}"` : '';
    return `${indent}  <S${start} d="${durationTicks}"${repeats}/>`;
  });
  return [`${indent}<SegmentTimeline>`, ...lines, `${indent}</SegmentTimeline>`].join('\n');
}
