import { describe, expect, it } from 'vitest';
import {
  API_KEY_ID_PATTERN,
  generateApiKeyToken,
  hashApiKeySecret,
  hashesMatch,
  parseApiKeyToken,
  tokenOf,
} from './api-key-token';

describe('Function: generateApiKeyToken', () => {
  it('joins a readable prefix, the key id and a 52-character (260-bit) secret', () => {
    // Act
    const { keyId, secret } = generateApiKeyToken({ env: 'pr-42' });

    // Assess
    expect(keyId).toMatch(API_KEY_ID_PATTERN);
    expect(secret.startsWith(`reel_pr-42_${keyId}_`)).toBe(true);
    const randomPart = secret.slice(`reel_pr-42_${keyId}_`.length);
    expect(randomPart).toMatch(/^[a-z2-7]{52}$/);
  });

  it('draws a different key id and secret every time', () => {
    const tokens = Array.from({ length: 2000 }, () => generateApiKeyToken({ env: 'dev' }));
    expect(new Set(tokens.map((token) => token.keyId)).size).toBe(2000);
    expect(new Set(tokens.map((token) => token.secret)).size).toBe(2000);
  });

  it('spreads key ids and secrets evenly over the 32 base32 characters', () => {
    // Prepare
    const text = Array.from({ length: 500 }, () => {
      const { keyId, secret } = generateApiKeyToken({ env: 'dev' });
      return keyId + secret.slice(-52);
    }).join('');
    const counts = new Map<string, number>();
    for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);

    // Assess: 32,000 draws, 1,000 expected per character; a biased `% 32` or a lost bit shows.
    expect(counts.size).toBe(32);
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });
});

describe('Function: parseApiKeyToken', () => {
  it('reads env and key id from a token or a Bearer header value', () => {
    // Prepare
    const { keyId, secret } = generateApiKeyToken({ env: 'prod' });

    // Act & Assess
    expect(parseApiKeyToken(secret)).toEqual({ env: 'prod', keyId, token: secret });
    expect(parseApiKeyToken(`Bearer ${secret}`)?.keyId).toBe(keyId);
    expect(parseApiKeyToken(`bearer   ${secret} `)?.keyId).toBe(keyId);
  });

  it.each([
    ['nothing', undefined],
    ['a number', 42],
    ['an empty string', ''],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a short secret', 'reel_dev_abcdefghijkl_short'],
    ['an upper-case key id', `reel_dev_ABCDEFGHIJKL_${'a'.repeat(52)}`],
    ['a key id with 0 and 1', `reel_dev_abcdefghij01_${'a'.repeat(52)}`],
    ['a secret too long', `reel_dev_abcdefghijkl_${'a'.repeat(53)}`],
    ['a base64url secret', `reel_dev_abcdefghijkl_${'a'.repeat(50)}_-`],
    ['an env with an underscore', `reel_d_v_abcdefghijkl_${'a'.repeat(52)}`],
    ['a megabyte', 'reel_'.repeat(200_000)],
  ])('returns undefined for %s', (_label, value) => {
    expect(parseApiKeyToken(value)).toBeUndefined();
  });
});

describe('Function: tokenOf', () => {
  it('never hands on more than 128 characters', () => {
    expect(tokenOf(`Bearer ${'x'.repeat(1_000_000)}`)).toHaveLength(128);
  });
});

describe('Function: hashesMatch', () => {
  it('matches the same secret and nothing else', () => {
    const { secret } = generateApiKeyToken({ env: 'dev' });
    const stored = hashApiKeySecret(secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(hashesMatch(hashApiKeySecret(secret), stored)).toBe(true);
    expect(hashesMatch(hashApiKeySecret(`${secret}x`), stored)).toBe(false);
    expect(hashesMatch('abcd', stored)).toBe(false);
  });
});
