import { formatDuration } from './format';

/** Present and past tense of each step, for the progress lines. */
const stepLabels: Record<string, [doing: string, done: string]> = {
  validate: ['Validating input', 'Validated input'],
  'audio-extraction': ['Extracting audio', 'Extracted audio'],
  transcription: ['Transcribing', 'Transcribed'],
  'smart-cut-planner': ['Planning cuts', 'Planned cuts'],
  'video-render-engine': ['Rendering', 'Rendered'],
  'media-transcoder': ['Transcoding', 'Transcoded'],
  finalize: ['Recording the result', 'Recorded the result'],
};

const BAR_WIDTH = 20;
/**
 * The step the local pipeline names a state that is no step's own Task: a fan-out step's chunk,
 * finish and abandon Tasks (the finalizer's own are not shown). Such a Task continues the current
 * step's line.
 */
const SUB_TASK_STEP = 'finalize';
/** How long a step's done line waits for its fan-out (chunk Tasks start within milliseconds). */
const DONE_LINE_DELAY_MS = 100;

export interface ProgressViewOptions {
  write: (text: string) => void;
  /** Redraw one line in place (a terminal) or print milestones only (a log, CI). */
  interactive: boolean;
  totalSteps: number;
}

/**
 * One numbered line per step, Remotion style: `(2/3) ▕████░░░░▏ 41% Extracting audio`, then
 * `(2/3) ✔ Extracted audio in 1.2 s`. In a terminal the bar redraws in place; elsewhere only 0,
 * 25, 50, 75 % are printed, so logs stay short. A step that fans out (the render's chunk Tasks,
 * run at once, then its finish Task) keeps one line: its Tasks continue it, the bar never moves
 * back (parallel chunks report their own percent), and it is done when its last Task is.
 */
export class ProgressView {
  private current?: {
    step: string;
    number: number;
    startedMs: number;
    lastPrintedPercent: number;
    attempt: number;
    /** Highest percent shown: parallel chunk Tasks report their own percent each. */
    shownPercent: number;
    /** Its chunk, finish or abandon Tasks still running. */
    subTasks: number;
  };
  private pendingDone?: { text: string; timer: NodeJS.Timeout };

  constructor(private readonly options: ProgressViewOptions) {}

  start(step: string, number: number): void {
    if (step === SUB_TASK_STEP && number === 0 && this.current) {
      this.cancelPendingDone();
      this.current.subTasks += 1;
      return;
    }
    this.flushPendingDone();
    const attempt = this.current?.step === step ? this.current.attempt + 1 : 1;
    this.current = {
      step,
      number,
      startedMs: Date.now(),
      lastPrintedPercent: -1,
      attempt,
      shownPercent: 0,
      subTasks: 0,
    };
    this.progress(step, 0);
  }

  progress(step: string, reportedPercent: number): void {
    const current = this.current;
    if (current?.step !== step) return;
    const percent = Math.max(current.shownPercent, reportedPercent);
    current.shownPercent = percent;
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
    if (step === SUB_TASK_STEP && current) current.subTasks = Math.max(0, current.subTasks - 1);
    else if (current?.step !== step) return;
    if (current.subTasks > 0) return;
    // Printed a moment later: a step that fans out goes on with its chunk Tasks at once.
    this.cancelPendingDone();
    const text = `${this.prefix(current.number)} ✔ ${this.label(current.step, 1)} in ${formatDuration(Date.now() - current.startedMs)}`;
    this.pendingDone = {
      text,
      timer: setTimeout(() => this.flushPendingDone(), DONE_LINE_DELAY_MS),
    };
  }

  fail(failedStep: string, reason: string, willRetry: boolean): void {
    const current = this.current;
    const step = failedStep === SUB_TASK_STEP && current ? current.step : failedStep;
    if (current?.step !== step) return;
    this.cancelPendingDone();
    const verdict = willRetry ? '↻' : '✖';
    this.finishLine(
      `${this.prefix(current.number)} ${verdict} ${this.label(step, 0)} failed after ${formatDuration(Date.now() - current.startedMs)}: ${reason}`,
    );
  }

  /** A step that finished in an earlier run and is not run again. */
  skipped(step: string, number: number): void {
    this.flushPendingDone();
    this.options.write(`${this.prefix(number)} ✔ ${this.label(step, 1)} (earlier run)\n`);
  }

  /**
   * The run is over: prints a done line still waiting for a fan-out (nothing follows it now), so
   * it comes before whatever the command prints next (the run's summary). Call it on every path.
   */
  close(): void {
    this.flushPendingDone();
  }

  private cancelPendingDone(): void {
    if (this.pendingDone) clearTimeout(this.pendingDone.timer);
    this.pendingDone = undefined;
  }

  private flushPendingDone(): void {
    const pending = this.pendingDone;
    if (!pending) return;
    this.cancelPendingDone();
    this.finishLine(pending.text);
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
