import { InternalError } from '@reel/error-taxonomy';
import { processingSteps } from '@reel/workflow';
import { describe, expect, it } from 'vitest';
import { progressTaskOf } from './local-pipeline';
import { ProgressView } from './progress-view';

describe('progressTaskOf', () => {
  it("starts a numbered line for each step's own Task and continues it for the render's and the transcode's fan-out Tasks", () => {
    // Act
    const own = processingSteps.map(({ stateName, service }) => progressTaskOf(stateName, service));
    const fanOut = [
      ...['RenderVideoChunk', 'RenderVideoFinish', 'RenderVideoAbandon'].map((state) =>
        progressTaskOf(state, 'video-render-engine'),
      ),
      ...['TranscodeChunk', 'TranscodeFinish', 'TranscodeAbandon'].map((state) =>
        progressTaskOf(state, 'media-transcoder'),
      ),
    ];

    // Assess
    expect(own).toEqual(processingSteps.map(({ step }, index) => ({ step, number: index + 1 })));
    expect(own.at(-1)).toEqual({ step: 'media-transcoder', number: 6 });
    expect(fanOut).toEqual(Array.from({ length: 6 }, () => ({ step: 'finalize', number: 0 })));
  });

  it("shows nothing for the finalizer's Tasks and refuses a state no processing step has", () => {
    // Act
    const finalizer = progressTaskOf('MarkCompleted', 'job-status');
    const unknown = () => progressTaskOf('RenderVideoTypo', 'video-render-engine');

    // Assess
    expect(finalizer).toBeUndefined();
    expect(unknown).toThrow(InternalError);
  });

  it('keeps a fanned-out render and a fanned-out transcode on one line each, done when its finish Task is', () => {
    // Prepare
    const lines: string[] = [];
    const view = new ProgressView({
      write: (text) => lines.push(text),
      interactive: false,
      totalSteps: processingSteps.length,
    });
    const run = (state: string, service: 'video-render-engine' | 'media-transcoder') => {
      const shown = progressTaskOf(state, service)!;
      view.start(shown.step, shown.number);
      return () => view.succeed(shown.step);
    };

    // Act
    for (const [prefix, service] of [
      ['RenderVideo', 'video-render-engine'],
      ['Transcode', 'media-transcoder'],
    ] as const) {
      run(prefix, service)();
      const chunks = [run(`${prefix}Chunk`, service), run(`${prefix}Chunk`, service)];
      for (const done of chunks) done();
      run(`${prefix}Finish`, service)();
    }
    view.close();

    // Assess
    expect(lines.filter((line) => line.includes('✔'))).toEqual([
      expect.stringMatching(/^\(5\/6\) ✔ Rendered in/),
      expect.stringMatching(/^\(6\/6\) ✔ Transcoded in/),
    ]);
    expect(lines.join('')).toMatch(/\(6\/6\) .* 0% Transcoding/);
    expect(lines.join('')).not.toMatch(/finalize|Recording/);
  });
});
