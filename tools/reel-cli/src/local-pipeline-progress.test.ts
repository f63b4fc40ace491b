import { InternalError } from '@reel/error-taxonomy';
import { processingSteps } from '@reel/workflow';
import { describe, expect, it } from 'vitest';
import { progressTaskOf } from './local-pipeline';
import { ProgressView } from './progress-view';

describe('progressTaskOf', () => {
  it("starts a numbered line for each step's own Task and continues it for the render's fan-out Tasks", () => {
    // Act
    const own = processingSteps.map(({ stateName, service }) => progressTaskOf(stateName, service));
    const fanOut = ['RenderVideoChunk', 'RenderVideoFinish', 'RenderVideoAbandon'].map((state) =>
      progressTaskOf(state, 'video-render-engine'),
    );

    // Assess
    expect(own).toEqual(processingSteps.map(({ step }, index) => ({ step, number: index + 1 })));
    expect(fanOut).toEqual(Array.from({ length: 3 }, () => ({ step: 'finalize', number: 0 })));
  });

  it("shows nothing for the finalizer's Tasks and refuses a state no processing step has", () => {
    // Act
    const finalizer = progressTaskOf('MarkCompleted', 'job-status');
    const unknown = () => progressTaskOf('RenderVideoTypo', 'video-render-engine');

    // Assess
    expect(finalizer).toBeUndefined();
    expect(unknown).toThrow(InternalError);
  });

  it('keeps a fanned-out render on one line, done when its finish Task is', () => {
    // Prepare
    const lines: string[] = [];
    const view = new ProgressView({
      write: (text) => lines.push(text),
      interactive: false,
      totalSteps: 5,
    });
    const run = (state: string) => {
      const shown = progressTaskOf(state, 'video-render-engine')!;
      view.start(shown.step, shown.number);
      return () => view.succeed(shown.step);
    };

    // Act
    run('RenderVideo')();
    const chunks = [run('RenderVideoChunk'), run('RenderVideoChunk')];
    for (const done of chunks) done();
    run('RenderVideoFinish')();
    view.close();

    // Assess
    expect(lines.filter((line) => line.includes('✔'))).toHaveLength(1);
    expect(lines.join('')).toMatch(/\(5\/5\) ✔ Rendered in/);
    expect(lines.join('')).not.toMatch(/finalize|Recording/);
  });
});
