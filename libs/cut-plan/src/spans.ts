/** A half-open stretch of the timeline, [startMs, endMs), in milliseconds. */
export interface Span {
  startMs: number;
  endMs: number;
}

/**
 * Sorts spans and joins the ones that overlap or touch; `join` decides what a joined span carries
 * (e.g. the lower confidence). Empty spans are dropped.
 */
export function mergeSpans<T extends Span>(spans: readonly T[], join: (a: T, b: T) => T): T[] {
  const sorted = spans
    .filter(({ startMs, endMs }) => endMs > startMs)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: T[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && span.startMs <= last.endMs) {
      merged[merged.length - 1] = {
        ...join(last, span),
        startMs: last.startMs,
        endMs: Math.max(last.endMs, span.endMs),
      };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/**
 * What is left of each span in `from` after taking away every span in `remove`; the pieces keep
 * their span's other fields. Both lists must be sorted by start and disjoint (see
 * {@link mergeSpans}). Linear in the two lengths.
 */
export function subtractSpans<T extends Span>(from: readonly T[], remove: readonly Span[]): T[] {
  const pieces: T[] = [];
  let first = 0;
  for (const span of from) {
    while (first < remove.length && (remove[first] as Span).endMs <= span.startMs) first += 1;
    let cursorMs = span.startMs;
    for (let index = first; index < remove.length; index += 1) {
      const removed = remove[index] as Span;
      if (removed.startMs >= span.endMs) break;
      if (removed.startMs > cursorMs)
        pieces.push({ ...span, startMs: cursorMs, endMs: removed.startMs });
      cursorMs = Math.max(cursorMs, removed.endMs);
    }
    if (cursorMs < span.endMs) pieces.push({ ...span, startMs: cursorMs, endMs: span.endMs });
  }
  return pieces;
}

/** True when any span of `sorted` (sorted and disjoint) overlaps [startMs, endMs). */
export function overlapsAny(sorted: readonly Span[], { startMs, endMs }: Span): boolean {
  const candidate = sorted[firstEndingAfter(sorted, startMs)];
  return candidate !== undefined && candidate.startMs < endMs;
}

/** True when one span of `sorted` (sorted, disjoint, touching ones joined) contains `span`. */
export function liesWithin(sorted: readonly Span[], { startMs, endMs }: Span): boolean {
  const candidate = sorted[firstEndingAfter(sorted, startMs)];
  return candidate !== undefined && candidate.startMs <= startMs && candidate.endMs >= endMs;
}

/** Index of the first span that ends after `ms` (binary search; `sorted.length` when none). */
function firstEndingAfter(sorted: readonly Span[], ms: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as Span).endMs <= ms) low = middle + 1;
    else high = middle;
  }
  return low;
}
