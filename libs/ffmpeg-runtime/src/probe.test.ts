import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuardrailExceededError } from '@reel/error-taxonomy';
import { buildMatroskaClaimingSize } from '@reel/sample-media';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { buildProbeArgs, probe } from './probe';

describe('Function: buildProbeArgs', () => {
  it('asks ffprobe for format and streams as JSON, errors only', () => {
    // Act & Assess
    // prettier-ignore
    expect(buildProbeArgs({ input: '/job/in.mp4' })).toEqual([
      '-hide_banner', '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams',
      '-i', '/job/in.mp4',
    ]);
  });

  it('refuses a relative path or a URL', () => {
    // Act & Assess
    expect(() => buildProbeArgs({ input: 'in.mp4' })).toThrow(TypeError);
    expect(() => buildProbeArgs({ input: 'http://example.com/in.mp4' })).toThrow(TypeError);
  });
});

describe('Function: probe', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => remove());

  it('summarises a real MP4: container, duration, size and both streams', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), {
      durationSec: 2,
      width: 320,
      height: 240,
    });

    // Act
    const summary = await probe({ input });

    // Assess
    expect(summary.formatName).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    expect(summary.durationSec).toBeCloseTo(2, 1);
    expect(summary.sizeBytes).toBe((await stat(input)).size);
    expect(summary.streams).toEqual([
      expect.objectContaining({
        index: 0,
        type: 'video',
        codecName: 'h264',
        width: 320,
        height: 240,
        frameRate: 25,
      }),
      expect.objectContaining({
        index: 1,
        type: 'audio',
        codecName: 'aac',
        sampleRateHz: 44_100,
        channels: 1,
      }),
    ]);
  });

  it('refuses a header claiming a frame too large to decode as GuardrailExceededError', async () => {
    // Prepare: ffprobe exits 0 for it, reports 0×0 and only warns "Picture size … is invalid".
    const input = join(dir, 'huge-dimensions.mkv');
    await writeFile(input, buildMatroskaClaimingSize({ width: 100_000, height: 100_000 }));

    // Act
    const failure = await probe({ input }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(GuardrailExceededError);
    expect(failure).toMatchObject({
      message: expect.stringContaining('100000x100000'),
      details: { guardrail: 'maxPixels', stream: 0, actual: 10_000_000_000 },
    });
  });

  it('refuses more streams than maxStreams while reading the header (1,100 ran ffprobe out of memory)', async () => {
    // Prepare
    const input = join(dir, 'streams-1100.mkv');
    await writeFile(
      input,
      buildMatroskaClaimingSize({ width: 320, height: 240, trackCount: 1100 }),
    );

    // Act
    const failure = await probe({ input, maxStreams: 16, inputLabel: 'many.mkv' }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(GuardrailExceededError);
    expect(failure).toMatchObject({
      message: 'many.mkv has more than the 16 streams allowed (maxStreams)',
      details: { guardrail: 'maxStreams', limit: 16, inputLabel: 'many.mkv' },
    });
  });

  it('accepts exactly maxStreams streams', async () => {
    // Prepare
    const input = join(dir, 'streams-16.mkv');
    await writeFile(input, buildMatroskaClaimingSize({ width: 320, height: 240, trackCount: 16 }));

    // Act
    const summary = await probe({ input, maxStreams: 16 });

    // Assess
    expect(summary.streams).toHaveLength(16);
  });
});
