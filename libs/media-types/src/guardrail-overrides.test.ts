import { describe, expect, it } from 'vitest';
import { guardrailOverridesSchema } from './guardrail-overrides';

describe('Schema: guardrailOverridesSchema', () => {
  it('accepts any subset of the limits and allow-lists', () => {
    // Act
    const parsed = guardrailOverridesSchema.parse({
      maxDurationSec: 90.5,
      allowedContainers: ['mp4'],
    });

    // Assess
    expect(parsed).toEqual({ maxDurationSec: 90.5, allowedContainers: ['mp4'] });
  });

  it('refuses unknown keys, non-positive limits, fractional byte counts and odd names', () => {
    // Act
    const result = guardrailOverridesSchema.safeParse({
      maxDurationSecs: 60,
      maxBytes: 1.5,
      maxStreams: 0,
      allowedAudioCodecs: ['AAC;rm -rf'],
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(({ path }) => path.join('.')).sort()).toEqual([
      '',
      'allowedAudioCodecs.0',
      'maxBytes',
      'maxStreams',
    ]);
  });
});
