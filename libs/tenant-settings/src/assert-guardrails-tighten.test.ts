import { GuardrailExceededError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { assertGuardrailsTighten, type PlatformGuardrails } from './assert-guardrails-tighten';

const platform: PlatformGuardrails = {
  maxBytes: 5_000,
  maxDurationSec: 3_600,
  maxPixels: 1920 * 1080,
  maxStreams: 16,
  allowedContainers: ['mov', 'mp4', 'matroska'],
  allowedVideoCodecs: ['h264'],
  allowedAudioCodecs: ['aac', 'mp3'],
  allowedSubtitleCodecs: ['subrip'],
};

describe('Function: assertGuardrailsTighten', () => {
  it('accepts limits at or below the platform and names from its lists', () => {
    // Act
    const check = () =>
      assertGuardrailsTighten({
        guardrails: { maxDurationSec: 3_600, maxBytes: 10, allowedContainers: ['mp4'] },
        platform,
      });

    // Assess
    expect(check).not.toThrow();
  });

  it('refuses a limit above the platform with every loosened field in the error', () => {
    // Act
    let caught: unknown;
    try {
      assertGuardrailsTighten({
        guardrails: { maxDurationSec: 7_200, maxStreams: 17, maxBytes: 1 },
        platform,
      });
    } catch (error) {
      caught = error;
    }

    // Assess
    expect(caught).toBeInstanceOf(GuardrailExceededError);
    expect((caught as GuardrailExceededError).details['loosened']).toEqual([
      'maxDurationSec 7200 > platform 3600',
      'maxStreams 17 > platform 16',
    ]);
  });

  it('refuses a container the platform does not allow (an HLS playlist reads local files)', () => {
    // Act
    const check = () =>
      assertGuardrailsTighten({ guardrails: { allowedContainers: ['mp4', 'hls'] }, platform });

    // Assess
    expect(check).toThrow(/allowedContainers adds hls/);
  });
});
