import type { Observability } from '@reel/observability';

/** One progress update of a long step. */
export interface ProgressUpdate {
  /** 0–100. */
  percent: number;
  /** What is being done, e.g. `mp3`. */
  label?: string;
}

/** A message the local Lambda host forwards to the CLI (see tools/reel-cli). */
export interface ProgressMessage extends ProgressUpdate {
  type: 'reel:progress';
  step: string;
}

const LOG_EVERY_PERCENT = 25;

/**
 * Where a step's progress goes: to the parent process when one listens over IPC (the local
 * runner, which draws progress bars), else to the log at most every 25 %, so CloudWatch keeps a
 * trace of long steps without a line per ffmpeg progress block.
 */
export function createProgressReporter(
  step: string,
  observability: Observability,
): (update: ProgressUpdate) => void {
  let lastLoggedPercent = -LOG_EVERY_PERCENT;
  return ({ percent, label }) => {
    const rounded = Math.max(0, Math.min(100, Math.round(percent * 10) / 10));
    if (typeof process.send === 'function' && process.connected) {
      const message: ProgressMessage = {
        type: 'reel:progress',
        step,
        percent: rounded,
        ...(label ? { label } : {}),
      };
      process.send(message);
      return;
    }
    if (rounded - lastLoggedPercent >= LOG_EVERY_PERCENT || rounded === 100) {
      lastLoggedPercent = rounded;
      observability.logger.info('Progress', { percent: rounded, label });
    }
  };
}
