import type { ProgressMessage } from '@reel/lambda-kit';

/** Progress messages a step sent while captured; `restore` puts `process.send` back. */
export interface CapturedProgress {
  messages: ProgressMessage[];
  restore: () => void;
}

/**
 * A step's progress reporter sends to a listening parent process (the local runner); this
 * captures those messages instead, for a test to assert on. Call `restore` in `afterEach`.
 *
 * @example
 * beforeEach(() => { progress = captureProgress(); });
 * afterEach(() => progress.restore());
 */
export function captureProgress(): CapturedProgress {
  const originalSend = process.send;
  const messages: ProgressMessage[] = [];
  process.send = ((message: ProgressMessage) => messages.push(message) > 0) as typeof process.send;
  return {
    messages,
    restore: () => {
      process.send = originalSend;
    },
  };
}
