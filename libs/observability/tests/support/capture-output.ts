type StreamName = 'stdout' | 'stderr';

/** One JSON line a Powertools utility wrote, with the stream it went to. */
export interface WrittenRecord {
  stream: StreamName;
  record: Record<string, unknown>;
}

export interface CapturedOutput {
  /** Every line written since capture began, parsed as JSON (a non-JSON line fails the test). */
  records(): WrittenRecord[];
  /** Log lines (they carry `level`). */
  logs(): Record<string, unknown>[];
  /** EMF blobs (they carry `_aws`). */
  emf(): EmfBlob[];
  /** Puts the real `write` methods back. */
  restore(): void;
}

export interface EmfBlob extends Record<string, unknown> {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
}

/**
 * Powertools writes logs and EMF through a `Console` bound to `process.stdout` / `process.stderr`
 * (outside `POWERTOOLS_DEV`), so replacing the streams' `write` captures exactly the text Lambda
 * would ship to CloudWatch.
 */
export function captureOutput(): CapturedOutput {
  const written: { stream: StreamName; text: string }[] = [];
  const restorers = (['stdout', 'stderr'] as const).map((stream) =>
    interceptWrites(stream, written),
  );

  const records = (): WrittenRecord[] =>
    written.flatMap(({ stream, text }) =>
      text
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => ({ stream, record: JSON.parse(line) as Record<string, unknown> })),
    );

  return {
    records,
    logs: () =>
      records()
        .map(({ record }) => record)
        .filter((record) => 'level' in record),
    emf: () =>
      records()
        .map(({ record }) => record)
        .filter((record): record is EmfBlob => '_aws' in record),
    restore: () => {
      for (const restoreStream of restorers) restoreStream();
    },
  };
}

function interceptWrites(
  stream: StreamName,
  written: { stream: StreamName; text: string }[],
): () => void {
  const target = process[stream];
  const hadOwnWrite = Object.hasOwn(target, 'write');
  const originalWrite = target.write;
  target.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push({
      stream,
      text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(),
    });
    const callback = rest.find((argument) => typeof argument === 'function') as
      ((error?: Error | null) => void) | undefined;
    callback?.();
    return true;
  }) as typeof target.write;
  return () => {
    if (hadOwnWrite) target.write = originalWrite;
    else Reflect.deleteProperty(target, 'write');
  };
}
