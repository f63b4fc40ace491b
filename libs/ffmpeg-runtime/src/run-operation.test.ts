import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuardrailExceededError } from '@reel/error-taxonomy';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { buildAsrWavArgs } from './build-asr-wav-args';
import { DECODE_ERROR_LIMIT, decodeErrorLimit, runOperation } from './run-operation';

describe('Function: runOperation', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => remove());

  it('fails an output that reaches its -fs bound as GuardrailExceededError and removes it', async () => {
    // Prepare: 3 s of 16 kHz mono PCM is ~96 KB; the bound allows 10 KB.
    const input = await makeClip(join(dir, 'tone.wav'), { durationSec: 3, video: false });
    const output = join(dir, 'asr.wav');
    const maxBytes = 10_000;

    // Act
    const failure = await runOperation({
      operation: 'extract-audio-wav',
      args: buildAsrWavArgs({ input, output, maxOutputBytes: maxBytes }),
      input,
      inputLabel: 'tone.wav',
      outputs: [output],
      decodes: true,
      maxDurationSec: 60,
      overrunToleranceSec: 0.5,
      sizeLimitedOutput: { path: output, maxBytes },
      runner: {},
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(GuardrailExceededError);
    expect(failure).toMatchObject({
      message: expect.stringContaining('from tone.wav reached'),
      details: { guardrail: 'maxOutputBytes', limit: maxBytes },
    });
    await expect(stat(output)).rejects.toThrow(/ENOENT/);
  });

  it('reports where the output ended and how many packets failed to decode', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'tone.wav'), { durationSec: 2, video: false });
    const output = join(dir, 'asr.wav');

    // Act
    const run = await runOperation({
      operation: 'extract-audio-wav',
      args: buildAsrWavArgs({ input, output }),
      input,
      outputs: [output],
      decodes: true,
      maxDurationSec: 60,
      overrunToleranceSec: 0.5,
      runner: {},
    });

    // Assess
    expect(run.outTimeSec).toBeCloseTo(2, 1);
    expect(run.decodeErrors).toBe(0);
    expect(run.argv.slice(0, 4)).toEqual(['ffmpeg', '-nostdin', '-hide_banner', '-nostats']);
    expect(run.stderrTail).toBeUndefined();
  });

  it('returns the end of stderr when asked (keepStderr), e.g. a filter report printed last', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'tone.wav'), { durationSec: 2, video: false });

    // Act
    const run = await runOperation({
      operation: 'volume-report',
      args: ['-i', input, '-af', 'volumedetect', '-f', 'null', '-'],
      input,
      outputs: [],
      decodes: true,
      maxDurationSec: 60,
      overrunToleranceSec: 0.5,
      keepStderr: { maxLines: 80 },
      runner: {},
    });

    // Assess
    expect(run.stderrTail).toMatch(/mean_volume: -?[\d.]+ dB/);
  });
});

describe('Function: decodeErrorLimit', () => {
  it('allows 10 failed packets for short media and 6 a minute for long media', () => {
    expect(decodeErrorLimit(0)).toBe(DECODE_ERROR_LIMIT);
    expect(decodeErrorLimit(20)).toBe(10);
    expect(decodeErrorLimit(180)).toBe(18);
    expect(decodeErrorLimit(7200)).toBe(720);
  });
});
