import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../tests/support/capture-output';
import { testContext } from '../tests/support/context';
import { stubLambdaExecutionEnv, stubPowertoolsEnv } from '../tests/support/powertools-env';
import { initObservability, type Observability } from './service-observability';
import { withSubsegment } from './with-subsegment';

/**
 * X-Ray cannot run here: there is no daemon and no facade segment (Lambda creates that one before
 * the handler runs). So where a test needs a segment, the tracer's `getSegment` returns this
 * recording fake, which has the surface withSubsegment uses: addNewSubsegment on the parent;
 * addAnnotation, addMetadata, addError and close on the child.
 */
class FakeSubsegment {
  readonly annotations: Record<string, unknown> = {};
  readonly metadata: { key: string; value: unknown; namespace?: string }[] = [];
  readonly errors: unknown[] = [];
  closedCount = 0;
  failOnClose = false;

  constructor(readonly name: string) {}

  addAnnotation(key: string, value: string | number | boolean): void {
    this.annotations[key] = value;
  }

  addMetadata(key: string, value: unknown, namespace?: string): void {
    this.metadata.push({ key, value, namespace });
  }

  addError(error: unknown): void {
    this.errors.push(error);
  }

  close(): void {
    this.closedCount += 1;
    if (this.failOnClose) throw new Error('segment already closed');
  }
}

class FakeSegment {
  readonly children: FakeSubsegment[] = [];
  failOnAdd = false;

  addNewSubsegment(name: string): FakeSubsegment {
    if (this.failOnAdd) throw new Error('Failed to get the current sub/segment');
    const child = new FakeSubsegment(name);
    this.children.push(child);
    return child;
  }
}

function useFakeSegment(observability: Observability, segment: FakeSegment) {
  // The fake only covers the methods withSubsegment calls, hence the cast.
  return vi
    .spyOn(observability.tracer, 'getSegment')
    .mockReturnValue(segment as unknown as ReturnType<Observability['tracer']['getSegment']>);
}

describe('Function: withSubsegment', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    stubPowertoolsEnv();
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  describe('with tracing disabled', () => {
    it('runs the work and returns its result without touching X-Ray', async () => {
      // Prepare
      const observability = initObservability(testContext);
      const getSegment = vi.spyOn(observability.tracer, 'getSegment');

      // Act
      const result = await withSubsegment(observability, { name: 'ffmpeg probe' }, async () => 42);

      // Assess
      expect(result).toBe(42);
      expect(getSegment).not.toHaveBeenCalled();
    });

    it("passes the work's error through unchanged", async () => {
      // Prepare
      const observability = initObservability(testContext);
      const failure = new Error('ffmpeg exited with 1');

      // Act
      const outcome = withSubsegment(observability, { name: 'ffmpeg probe' }, async () => {
        throw failure;
      });

      // Assess
      await expect(outcome).rejects.toBe(failure);
    });
  });

  describe('with tracing enabled', () => {
    beforeEach(() => {
      stubLambdaExecutionEnv();
    });

    it('wraps the work in a subsegment with annotations and metadata, closed afterwards', async () => {
      // Prepare
      const observability = initObservability({ ...testContext, tracingEnabled: true });
      const segment = new FakeSegment();
      useFakeSegment(observability, segment);
      let openChildrenDuringWork = -1;

      // Act
      const result = await withSubsegment(
        observability,
        {
          name: 'ffmpeg extract-audio',
          annotations: { operation: 'extract-audio', tenant: 'acme' },
          metadata: { argv: ['-i', 'in.mp4', 'out.mp3'] },
        },
        async () => {
          openChildrenDuringWork = segment.children.filter(
            (child) => child.closedCount === 0,
          ).length;
          return 'out.mp3';
        },
      );

      // Assess
      expect(result).toBe('out.mp3');
      expect(openChildrenDuringWork).toBe(1);
      const [subsegment] = segment.children;
      expect(subsegment?.name).toBe('ffmpeg extract-audio');
      expect(subsegment?.annotations).toEqual({ operation: 'extract-audio', tenant: 'acme' });
      expect(subsegment?.metadata).toEqual([
        { key: 'argv', value: ['-i', 'in.mp4', 'out.mp3'], namespace: 'audio-extraction' },
      ]);
      expect(subsegment?.closedCount).toBe(1);
      expect(subsegment?.errors).toEqual([]);
    });

    it('records the error on the subsegment, closes it and rethrows the same error', async () => {
      // Prepare
      const observability = initObservability({ ...testContext, tracingEnabled: true });
      const segment = new FakeSegment();
      useFakeSegment(observability, segment);
      const failure = new Error('Conversion failed!');

      // Act
      const outcome = withSubsegment(observability, { name: 'ffmpeg transcode' }, async () => {
        throw failure;
      });

      // Assess
      await expect(outcome).rejects.toBe(failure);
      expect(segment.children[0]?.errors).toEqual([failure]);
      expect(segment.children[0]?.closedCount).toBe(1);
    });

    it('hangs parallel subsegments off the same parent without switching the active segment', async () => {
      // Prepare
      const observability = initObservability({ ...testContext, tracingEnabled: true });
      const segment = new FakeSegment();
      useFakeSegment(observability, segment);
      const setSegment = vi.spyOn(observability.tracer, 'setSegment');

      // Act
      const results = await Promise.all(
        ['chunk-0', 'chunk-1', 'chunk-2'].map((chunk) =>
          withSubsegment(observability, { name: `ffmpeg ${chunk}` }, async () => chunk),
        ),
      );

      // Assess
      expect(results).toEqual(['chunk-0', 'chunk-1', 'chunk-2']);
      expect(segment.children.map((child) => child.name)).toEqual([
        'ffmpeg chunk-0',
        'ffmpeg chunk-1',
        'ffmpeg chunk-2',
      ]);
      expect(segment.children.every((child) => child.closedCount === 1)).toBe(true);
      expect(setSegment).not.toHaveBeenCalled();
    });

    it('runs the work untraced when there is no segment (outside Lambda)', async () => {
      // Prepare
      // Powertools and the X-Ray SDK report the missing segment on the global console.
      const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const observability = initObservability({ ...testContext, tracingEnabled: true });

      // Act
      const result = await withSubsegment(
        observability,
        { name: 'ffmpeg probe' },
        async () => 'probed',
      );

      // Assess
      expect(observability.tracer.isTracingEnabled()).toBe(true);
      expect(result).toBe('probed');
      expect(consoleWarn).toHaveBeenCalled();
    });

    it('runs the work untraced and warns when X-Ray cannot open a subsegment', async () => {
      // Prepare
      const observability = initObservability({ ...testContext, tracingEnabled: true });
      const segment = new FakeSegment();
      segment.failOnAdd = true;
      useFakeSegment(observability, segment);
      const work = vi.fn(async () => 'rendered');

      // Act
      const result = await withSubsegment(observability, { name: 'ffmpeg render' }, work);

      // Assess
      expect(result).toBe('rendered');
      expect(work).toHaveBeenCalledTimes(1);
      expect(output.logs()).toEqual([
        expect.objectContaining({
          level: 'WARN',
          subsegment: 'ffmpeg render',
          correlationId: 'corr-7f3a',
          error: expect.objectContaining({ message: 'Failed to get the current sub/segment' }),
        }),
      ]);
    });

    it('returns the result and warns when closing the subsegment fails', async () => {
      // Prepare
      const observability = initObservability({ ...testContext, tracingEnabled: true });
      const segment = new FakeSegment();
      const originalAdd = segment.addNewSubsegment.bind(segment);
      segment.addNewSubsegment = (name: string) =>
        Object.assign(originalAdd(name), { failOnClose: true });
      useFakeSegment(observability, segment);

      // Act
      const result = await withSubsegment(
        observability,
        { name: 'ffmpeg thumbnails' },
        async () => 12,
      );

      // Assess
      expect(result).toBe(12);
      expect(output.logs()).toEqual([
        expect.objectContaining({
          level: 'WARN',
          subsegment: 'ffmpeg thumbnails',
          error: expect.objectContaining({ message: 'segment already closed' }),
        }),
      ]);
    });
  });
});
