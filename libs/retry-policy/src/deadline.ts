export interface DeadlineFromRemainingTimeOptions {
  /** What the Lambda context's `getRemainingTimeInMillis()` returned. */
  remainingTimeMs: number;
  /** Time kept back to record the outcome (manifest, logs, metrics) after the work stops. */
  safetyMarginMs?: number;
  /** The current epoch ms; injectable for tests. Defaults to `Date.now()`. */
  now?: number;
}

/** Kept back by default: enough to write a manifest and flush logs and metrics. */
const defaultSafetyMarginMs = 3_000;

/**
 * The epoch ms by which work must stop so the invocation can still record its outcome: now plus
 * the Lambda's remaining time minus a safety margin. The result may lie in the past when less
 * time remains than the margin; {@link retry} then refuses to start.
 *
 * @example
 * const deadlineAtMs = deadlineFromRemainingTime({
 *   remainingTimeMs: context.getRemainingTimeInMillis(),
 *   safetyMarginMs: 10_000,
 * })
 */
export function deadlineFromRemainingTime({
  remainingTimeMs,
  safetyMarginMs = defaultSafetyMarginMs,
  now = Date.now(),
}: DeadlineFromRemainingTimeOptions): number {
  assertNonNegative('remainingTimeMs', remainingTimeMs);
  assertNonNegative('safetyMarginMs', safetyMarginMs);
  if (!Number.isFinite(now)) {
    throw new TypeError(`now must be a finite epoch ms; got ${String(now)}`, { cause: { now } });
  }
  return now + remainingTimeMs - safetyMarginMs;
}

function assertNonNegative(option: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`${option} must be a finite number ≥ 0; got ${String(value)}`, {
      cause: { option, value },
    });
  }
}
