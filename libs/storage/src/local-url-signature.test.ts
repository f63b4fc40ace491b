import { InvalidRequestError, PermissionDeniedError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { signLocalUrl, verifyLocalUrl } from './local-url-signature';

const secret = 'test-secret-0123456789-abcdefghijklmnop';
const key = 'dev/acme/ep-42/renditions/cmaf/720p/seg-001.m4s';
const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
const baseUrl = 'http://127.0.0.1:8080/media/';

function parts(url: string): { key: string; query: string } {
  const { pathname, search } = new URL(url);
  return { key: pathname.replace(/^\/media\//, ''), query: search.slice(1) };
}

function denialOf(run: () => unknown): PermissionDeniedError {
  try {
    run();
  } catch (error) {
    if (error instanceof PermissionDeniedError) return error;
    throw error;
  }
  throw new Error('expected a PermissionDeniedError');
}

describe('Function: signLocalUrl', () => {
  it('puts the key under the base URL with its expiry in seconds and a base64url signature', () => {
    // Act
    const url = signLocalUrl({ baseUrl, key, method: 'GET', expiresAtMs: nowMs + 60_500, secret });

    // Assess
    expect(url).toMatch(
      /^http:\/\/127\.0\.0\.1:8080\/media\/dev\/acme\/ep-42\/renditions\/cmaf\/720p\/seg-001\.m4s\?expires=\d+&signature=[A-Za-z0-9_-]{43}$/,
    );
    expect(new URL(url).searchParams.get('expires')).toBe(String((nowMs + 60_000) / 1000));
  });

  it('refuses a PUT without a content length and a GET with one', () => {
    // Act
    const put = () =>
      signLocalUrl({ baseUrl, key, method: 'PUT', expiresAtMs: nowMs + 1000, secret });
    const get = () =>
      signLocalUrl({ baseUrl, key, method: 'GET', expiresAtMs: nowMs, contentLength: 5, secret });

    // Assess
    expect(put).toThrow(InvalidRequestError);
    expect(get).toThrow(InvalidRequestError);
  });

  it('refuses a key that is not a reel key and a short secret', () => {
    // Act
    const badKey = () =>
      signLocalUrl({ baseUrl, key: '../etc/passwd', method: 'GET', expiresAtMs: nowMs, secret });
    const badSecret = () =>
      signLocalUrl({ baseUrl, key, method: 'GET', expiresAtMs: nowMs, secret: 'short' });

    // Assess
    expect(badKey).toThrow(InvalidRequestError);
    expect(badSecret).toThrow(/URL signing secret/);
  });
});

describe('Function: verifyLocalUrl', () => {
  const getUrl = signLocalUrl({ baseUrl, key, method: 'GET', expiresAtMs: nowMs + 60_000, secret });
  const putUrl = signLocalUrl({
    baseUrl,
    key,
    method: 'PUT',
    expiresAtMs: nowMs + 60_000,
    contentLength: 1234,
    secret,
  });

  it('accepts its own GET URL for GET and HEAD until it expires', () => {
    // Act
    const forGet = verifyLocalUrl({ ...parts(getUrl), method: 'GET', secret, nowMs });
    const forHead = verifyLocalUrl({ ...parts(getUrl), method: 'HEAD', secret, nowMs });

    // Assess
    expect(forGet).toEqual({ method: 'GET', expiresAtMs: nowMs + 60_000 });
    expect(forHead).toEqual(forGet);
  });

  it('gives a PUT URL its signed content length', () => {
    // Act
    const granted = verifyLocalUrl({ ...parts(putUrl), method: 'PUT', secret, nowMs });

    // Assess
    expect(granted).toEqual({ method: 'PUT', expiresAtMs: nowMs + 60_000, contentLength: 1234 });
  });

  it('says an untouched URL expired, once its second has come', () => {
    // Act
    const denial = denialOf(() =>
      verifyLocalUrl({ ...parts(getUrl), method: 'GET', secret, nowMs: nowMs + 60_000 }),
    );

    // Assess
    expect(denial.details.reason).toBe('expired');
    expect(denial.message).toContain('expired at 2026-12-01T12:01:00.000Z');
  });

  it.each([
    ['the key', (url: string) => url.replace('seg-001', 'seg-002')],
    [
      'the expiry',
      (url: string) => url.replace(/expires=(\d+)/, (_, sec) => `expires=${Number(sec) + 1}`),
    ],
    [
      'the content length',
      (url: string) => url.replace('contentLength=1234', 'contentLength=1235'),
    ],
  ])('refuses a URL whose %s was changed by one character', (_label, tamper) => {
    // Act
    const denial = denialOf(() =>
      verifyLocalUrl({ ...parts(tamper(putUrl)), method: 'PUT', secret, nowMs }),
    );

    // Assess
    expect(denial.details.reason).toBe('bad-signature');
  });

  it('refuses every one-character change of the signature, including its spare low bits', () => {
    // Prepare
    const { key: signedKey, query } = parts(getUrl);
    const signature = new URLSearchParams(query).get('signature') ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const reasons = new Set<unknown>();

    // Act
    for (let position = 0; position < signature.length; position += 1) {
      const replacement = alphabet[(alphabet.indexOf(signature[position] ?? 'A') + 1) % 64];
      const changed = `${signature.slice(0, position)}${replacement}${signature.slice(position + 1)}`;
      const tampered = query.replace(signature, changed);
      reasons.add(
        denialOf(() =>
          verifyLocalUrl({ key: signedKey, query: tampered, method: 'GET', secret, nowMs }),
        ).details.reason,
      );
    }

    // Assess
    expect([...reasons]).toEqual(['bad-signature']);
  });

  it('refuses a GET URL used to PUT and a PUT URL used to GET', () => {
    // Act
    const putWithGetUrl = denialOf(() =>
      verifyLocalUrl({ ...parts(getUrl), method: 'PUT', secret, nowMs }),
    );
    const getWithPutUrl = denialOf(() =>
      verifyLocalUrl({ ...parts(putUrl), method: 'GET', secret, nowMs }),
    );

    // Assess
    expect(putWithGetUrl.details.reason).toBe('bad-signature');
    expect(getWithPutUrl.details.reason).toBe('bad-signature');
  });

  it('refuses another secret, a missing signature, a repeated parameter and other methods', () => {
    // Prepare
    const { key: signedKey, query } = parts(getUrl);

    // Act
    const reasons = [
      () => verifyLocalUrl({ key: signedKey, query, method: 'GET', secret: `${secret}x`, nowMs }),
      () =>
        verifyLocalUrl({
          key: signedKey,
          query: query.split('&signature')[0] ?? '',
          method: 'GET',
          secret,
          nowMs,
        }),
      () =>
        verifyLocalUrl({
          key: signedKey,
          query: `${query}&expires=1`,
          method: 'GET',
          secret,
          nowMs,
        }),
      () => verifyLocalUrl({ key: signedKey, query, method: 'DELETE', secret, nowMs }),
    ].map((run) => denialOf(run).details.reason);

    // Assess
    expect(reasons).toEqual(['bad-signature', 'unsigned', 'malformed', 'method']);
  });
});
