import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressView } from './progress-view';

describe('Class: ProgressView', () => {
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

  it('keeps one line for a step that fans out: done once its last chunk and finish Tasks are', () => {
    // Act: the local pipeline names the chunk and finish Tasks `finalize`, number 0.
    view.start('video-render-engine', 5);
    view.succeed('video-render-engine');
    for (let chunk = 0; chunk < 3; chunk += 1) view.start('finalize', 0);
    view.progress('video-render-engine', 60);
    view.progress('video-render-engine', 30);
    for (let chunk = 0; chunk < 3; chunk += 1) view.succeed('finalize');
    view.start('finalize', 0);
    view.progress('video-render-engine', 90);
    view.succeed('finalize');
    const beforeDelay = [...lines];
    vi.advanceTimersByTime(200);

    // Assess
    expect(beforeDelay.some((line) => line.includes('✔'))).toBe(false);
    expect(lines.filter((line) => line.includes('✔'))).toEqual([
      expect.stringMatching(/^\(5\/5\) ✔ Rendered in /),
    ]);
    const percents = lines
      .filter((line) => line.includes('%'))
      .map((line) => Number(/(\d+)%/.exec(line)![1]));
    expect(percents).toEqual([0, 50, 75]);
  });

  it('prints a step’s done line before the next step starts', () => {
    view.start('smart-cut-planner', 4);
    view.succeed('smart-cut-planner');
    view.start('video-render-engine', 5);

    expect(lines[1]).toMatch(/^\(4\/5\) ✔ Planned cuts in /);
    expect(lines[2]).toMatch(/^\(5\/5\) .* 0% Rendering/);
  });

  it('shows a failed chunk as the step failing', () => {
    view.start('video-render-engine', 5);
    view.succeed('video-render-engine');
    view.start('finalize', 0);
    view.fail('finalize', 'CORRUPT_INPUT: chunk 1 decoded short', false);
    vi.advanceTimersByTime(200);

    expect(lines.filter((line) => line.includes('✔'))).toEqual([]);
    expect(lines.at(-1)).toMatch(
      /^\(5\/5\) ✖ Rendering failed after .*: CORRUPT_INPUT: chunk 1 decoded short/,
    );
  });

  describe('Method: close', () => {
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
});
