import { formatDuration } from './format';

/** Present and past tense of each step, for the progress lines. */
const stepLabels: Record<string, [doing: string, done: string]> = {
  validate: ['Validating input', 'Validated input'],
  'audio-extraction': ['Extracting audio', 'Extracted audio'],
  transcription: ['Transcribing', 'Transcribed'],
  'smart-cut-planner': ['Planning cuts', 'Planned cuts'],
  'video-render-engine': ['Rendering', 'Rendered'],
  finalize: ['Recording the result', 'Recorded the result'],
};

const BAR_WIDTH = 20;

export interface ProgressViewOptions {
  write: (text: string) => void;
  /** Redraw one line in place (a terminal) or print milestones only (a log, CI). */
  interactive: boolean;
  totalSteps: number;
}

/**
 * One numbered line per step, Remotion style: `(2/3) ▕████░░░░▏ 41% Extracting audio`, then
 * `(2/3) ✔ Extracted audio in 1.2 s`. In a terminal the bar redraws in place; elsewhere only 0,
 * 25, 50, 75 % are printed, so logs stay short.
 */
export class ProgressView {
  private current?: {
    step: string;
    number: number;
    startedMs: number;
    lastPrintedPercent: number;
    attempt: number;
  };

  constructor(private readonly options: ProgressViewOptions) {}

  start(step: string, number: number): void {
    const attempt = this.current?.step === step ? this.current.attempt + 1 : 1;
    this.current = { step, number, startedMs: Date.now(), lastPrintedPercent: -1, attempt };
    this.progress(step, 0);
  }

  progress(step: string, percent: number): void {
    const current = this.current;
    if (current?.step !== step) return;
    if (!this.options.interactive) {
      const milestone = Math.floor(percent / 25) * 25;
      if (milestone <= current.lastPrintedPercent || milestone >= 100) return;
      current.lastPrintedPercent = milestone;
      this.options.write(
        `${this.prefix(current.number)} ${this.bar(milestone)} ${this.label(step, 0)}${this.retryNote()}\n`,
      );
      return;
    }
    this.options.write(
      `\r\x1b[K${this.prefix(current.number)} ${this.bar(percent)} ${this.label(step, 0)}${this.retryNote()}`,
    );
  }

  succeed(step: string): void {
    const current = this.current;
    if (current?.step !== step) return;
    this.finishLine(
      `${this.prefix(current.number)} ✔ ${this.label(step, 1)} in ${formatDuration(Date.now() - current.startedMs)}`,
    );
  }

  fail(step: string, reason: string, willRetry: boolean): void {
    const current = this.current;
    if (current?.step !== step) return;
    const verdict = willRetry ? '↻' : '✖';
    this.finishLine(
      `${this.prefix(current.number)} ${verdict} ${this.label(step, 0)} failed after ${formatDuration(Date.now() - current.startedMs)}: ${reason}`,
    );
  }

  /** A step that finished in an earlier run and is not run again. */
  skipped(step: string, number: number): void {
    this.options.write(`${this.prefix(number)} ✔ ${this.label(step, 1)} (earlier run)\n`);
  }

  private finishLine(text: string): void {
    this.options.write(`${this.options.interactive ? '\r\x1b[K' : ''}${text}\n`);
  }

  private prefix(number: number): string {
    return number > 0 ? `(${number}/${this.options.totalSteps})` : '     ';
  }

  private bar(percent: number): string {
    const clamped = Math.max(0, Math.min(100, percent));
    const filled = Math.round((clamped / 100) * BAR_WIDTH);
    return `▕${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}▏ ${String(Math.floor(clamped)).padStart(3)}%`;
  }

  private label(step: string, tense: 0 | 1): string {
    return stepLabels[step]?.[tense] ?? step;
  }

  private retryNote(): string {
    return this.current && this.current.attempt > 1 ? ` (attempt ${this.current.attempt})` : '';
  }
}
