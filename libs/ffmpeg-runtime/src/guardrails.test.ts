import { describe, expect, it } from 'vitest';
import { ConfigInvalidError } from '@reel/error-taxonomy';
import {
  DEFAULT_GUARDRAILS,
  resolveGuardrails,
  tightenGuardrails,
  type GuardrailOverrides,
} from './guardrails';

describe('Function: resolveGuardrails', () => {
  it('returns the defaults without overrides', () => {
    // Act & Assess
    expect(resolveGuardrails()).toEqual(DEFAULT_GUARDRAILS);
  });

  it('merges a partial override over the defaults', () => {
    // Act
    const guardrails = resolveGuardrails({ maxBytes: 1024, allowedContainers: ['wav'] });

    // Assess
    expect(guardrails).toEqual({
      ...DEFAULT_GUARDRAILS,
      maxBytes: 1024,
      allowedContainers: ['wav'],
    });
  });

  it('merges over another base, for tenant overrides on platform guardrails', () => {
    // Prepare
    const platform = resolveGuardrails({ maxStreams: 4 });

    // Act
    const tenant = resolveGuardrails({ maxDurationSec: 60 }, platform);

    // Assess
    expect(tenant.maxStreams).toBe(4);
    expect(tenant.maxDurationSec).toBe(60);
  });

  it.each<[string, unknown]>([
    ['a negative limit', { maxBytes: -1 }],
    ['a fractional byte count', { maxBytes: 1.5 }],
    ['an empty list', { allowedAudioCodecs: [] }],
    ['a comma inside a name', { allowedContainers: ['mp4,hls'] }],
    ['an unknown key (typo)', { maxByte: 10 }],
  ])('refuses %s with ConfigInvalidError', (_label, overrides) => {
    // Act & Assess
    expect(() => resolveGuardrails(overrides as GuardrailOverrides)).toThrow(ConfigInvalidError);
  });

  it('names the offending field in the error', () => {
    // Act
    let thrown: unknown;
    try {
      resolveGuardrails({ maxStreams: 0 });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConfigInvalidError);
    expect((thrown as ConfigInvalidError).message).toContain('maxStreams');
  });
});

describe('Function: tightenGuardrails', () => {
  it('lets overrides lower limits and narrow allow-lists but never widen them', () => {
    // Act
    const tightened = tightenGuardrails(DEFAULT_GUARDRAILS, {
      maxBytes: DEFAULT_GUARDRAILS.maxBytes * 10,
      maxDurationSec: 60,
      allowedContainers: ['mp4', 'hls', 'concat'],
    });

    // Assess
    expect(tightened.maxBytes).toBe(DEFAULT_GUARDRAILS.maxBytes);
    expect(tightened.maxDurationSec).toBe(60);
    expect(tightened.allowedContainers).toEqual(['mp4']);
    expect(tightened.allowedVideoCodecs).toEqual(DEFAULT_GUARDRAILS.allowedVideoCodecs);
  });

  it('refuses malformed overrides as ConfigInvalid', () => {
    expect(() => tightenGuardrails(DEFAULT_GUARDRAILS, { maxBytes: -1 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
