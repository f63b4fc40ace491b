import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressView } from './progress-view';

describe('Method: ProgressView.close', () => {
  let lines: string[];
  let view: ProgressView;

  beforeEach(() => {
    vi.useFakeTimers();
    lines = [];
    view = new ProgressView({
      write: (text) => lines.push(text),
      interactive: false,
      totalSteps: 5,
    });
  });
  afterEach(() => vi.useRealTimers());

  it('prints the last step’s waiting done line at once, and only once', () => {
    // Act
    view.start('video-render-engine', 5);
    view.succeed('video-render-engine');
    const beforeClose = [...lines];
    view.close();
    const atClose = [...lines];
    vi.advanceTimersByTime(200);
    view.close();

    // Assess
    expect(beforeClose.some((line) => line.includes('✔'))).toBe(false);
    expect(atClose.at(-1)).toMatch(/^\(5\/5\) ✔ Rendered in /);
    expect(lines.filter((line) => line.includes('✔'))).toHaveLength(1);
  });

  it('prints nothing more after a failed step', () => {
    // Act
    view.start('video-render-engine', 5);
    view.fail('video-render-engine', 'CORRUPT_INPUT', false);
    const afterFail = lines.length;
    view.close();

    // Assess
    expect(lines).toHaveLength(afterFail);
    expect(lines.at(-1)).toMatch(/✖ Rendering failed after .*: CORRUPT_INPUT/);
  });
});
