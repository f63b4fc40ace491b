import { describe, expect, it } from 'vitest';
import { GuardrailExceededError, UnsupportedMediaError } from '@reel/error-taxonomy';
import { checkGuardrails } from './check-guardrails';
import { DEFAULT_GUARDRAILS, resolveGuardrails } from './guardrails';
import type { ProbeSummary } from '@reel/media-types';

const clip: ProbeSummary = {
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  durationSec: 60,
  sizeBytes: 10_000_000,
  streams: [
    { index: 0, type: 'video', codecName: 'h264', width: 1920, height: 1080 },
    { index: 1, type: 'audio', codecName: 'aac', sampleRateHz: 48_000, channels: 2 },
    { index: 2, type: 'data', codecName: 'unknown' },
  ],
};

function thrownBy(work: () => void): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Function: checkGuardrails', () => {
  it('accepts a common clip under the defaults', () => {
    // Act & Assess
    expect(() => checkGuardrails(clip, DEFAULT_GUARDRAILS)).not.toThrow();
  });

  it('bounds the longest duration claim, not only the container’s', () => {
    // Prepare: the container says 60 s, a stream says three hours.
    const lying = {
      ...clip,
      streams: [{ ...clip.streams[0]!, durationSec: 3 * 3600 }, ...clip.streams.slice(1)],
    };

    // Act
    const error = thrownBy(() =>
      checkGuardrails(lying, resolveGuardrails({ maxDurationSec: 3600 })),
    );

    // Assess
    expect(error).toBeInstanceOf(GuardrailExceededError);
    expect((error as GuardrailExceededError).details).toMatchObject({
      guardrail: 'maxDurationSec',
      actual: 3 * 3600,
    });
  });

  it.each([
    ['maxBytes', { maxBytes: 1_000_000 }, 10_000_000, 1_000_000],
    ['maxDurationSec', { maxDurationSec: 30 }, 60, 30],
    ['maxPixels', { maxPixels: 1280 * 720 }, 1920 * 1080, 1280 * 720],
    ['maxStreams', { maxStreams: 2 }, 3, 2],
  ])(
    'throws GuardrailExceededError naming %s, its limit and the actual value',
    (guardrail, overrides, actual, limit) => {
      // Act
      const error = thrownBy(() => checkGuardrails(clip, resolveGuardrails(overrides)));

      // Assess
      expect(error).toBeInstanceOf(GuardrailExceededError);
      expect((error as GuardrailExceededError).details).toEqual({ guardrail, actual, limit });
    },
  );

  it('refuses a container off the allow-list with UnsupportedMediaError', () => {
    // Act
    const error = thrownBy(() =>
      checkGuardrails({ ...clip, formatName: 'hls' }, DEFAULT_GUARDRAILS),
    );

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaError);
    expect((error as UnsupportedMediaError).details).toMatchObject({
      guardrail: 'allowedContainers',
      actual: 'hls',
    });
  });

  it('matches any name of a multi-name demuxer', () => {
    // Act & Assess
    expect(() =>
      checkGuardrails(
        { ...clip, formatName: 'matroska,webm' },
        resolveGuardrails({ allowedContainers: ['webm'] }),
      ),
    ).not.toThrow();
  });

  it('refuses a codec off the allow-list, naming the stream', () => {
    // Prepare
    const withProRes = {
      ...clip,
      streams: [{ index: 0, type: 'video' as const, codecName: 'prores' }],
    };

    // Act
    const error = thrownBy(() =>
      checkGuardrails(withProRes, resolveGuardrails({ allowedVideoCodecs: ['h264'] })),
    );

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaError);
    expect((error as UnsupportedMediaError).details).toMatchObject({
      guardrail: 'allowedVideoCodecs',
      stream: 0,
      actual: 'prores',
    });
  });

  it('refuses an input with neither audio nor video', () => {
    // Prepare
    const subtitlesOnly = {
      ...clip,
      streams: [{ index: 0, type: 'subtitle' as const, codecName: 'subrip' }],
    };

    // Act & Assess
    expect(() => checkGuardrails(subtitlesOnly, DEFAULT_GUARDRAILS)).toThrow(UnsupportedMediaError);
  });
});
