import type { ProbeSummary } from '@reel/media-types';

/** The fields of a probe summary a fixture pins down; streams are matched in order. */
export interface ExpectedProbe {
  formatName?: string;
  durationSec?: number;
  streams: Array<Partial<ProbeSummary['streams'][number]>>;
}

/**
 * Differences between a probe and what a fixture expects, by structure: same stream count, and for
 * each stream the named fields; durations and frame rates within `toleranceSec`. Bytes and bit
 * rates never count, since encoder builds differ. Empty means a match.
 */
export function compareProbe(
  actual: ProbeSummary,
  expected: ExpectedProbe,
  toleranceSec = 0.1,
): string[] {
  const differences: string[] = [];
  if (expected.formatName !== undefined && actual.formatName !== expected.formatName) {
    differences.push(`formatName: expected ${expected.formatName}, got ${actual.formatName}`);
  }
  if (
    expected.durationSec !== undefined &&
    Math.abs(actual.durationSec - expected.durationSec) > toleranceSec
  ) {
    differences.push(
      `durationSec: expected ${expected.durationSec} ± ${toleranceSec}, got ${actual.durationSec}`,
    );
  }
  if (actual.streams.length !== expected.streams.length) {
    differences.push(`streams: expected ${expected.streams.length}, got ${actual.streams.length}`);
  }
  expected.streams.forEach((expectedStream, index) => {
    const actualStream = actual.streams[index];
    if (!actualStream) return;
    for (const [field, value] of Object.entries(expectedStream)) {
      const actualValue = actualStream[field as keyof typeof actualStream];
      const matches =
        typeof value === 'number' &&
        typeof actualValue === 'number' &&
        (field === 'frameRate' || field === 'durationSec')
          ? Math.abs(actualValue - value) <= toleranceSec
          : actualValue === value;
      if (!matches)
        differences.push(
          `streams[${index}].${field}: expected ${value}, got ${actualValue ?? 'nothing'}`,
        );
    }
  });
  return differences;
}
