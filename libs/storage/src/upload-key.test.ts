import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { keyLayoutOf } from './key-rules';
import {
  assertValidUploadPrefix,
  buildUploadKey,
  isUploadKey,
  parseUploadKey,
  toUploadFileName,
} from './upload-key';

describe('Function: buildUploadKey', () => {
  it('makes {env}/{tenantId}/{videoId}/{fileName} and reads it back', () => {
    // Act
    const key = buildUploadKey({
      env: 'dev',
      tenantId: 'acme',
      videoId: 'v-1f3a',
      fileName: 'talk.mp4',
    });

    // Assess
    expect(key).toBe('dev/acme/v-1f3a/talk.mp4');
    expect(parseUploadKey(key)).toEqual({
      env: 'dev',
      tenantId: 'acme',
      videoId: 'v-1f3a',
      fileName: 'talk.mp4',
    });
  });

  it.each([
    [{ env: 'Dev', tenantId: 'acme', videoId: 'v1', fileName: 'a.mp4' }, 'env'],
    [{ env: 'dev', tenantId: 'ac/me', videoId: 'v1', fileName: 'a.mp4' }, 'tenantId'],
    [{ env: 'dev', tenantId: 'acme', videoId: 'audio_clips', fileName: 'a.mp4' }, 'jobId'],
    [{ env: 'dev', tenantId: 'acme', videoId: 'v1', fileName: '../a.mp4' }, 'fileName'],
    [{ env: 'dev', tenantId: 'acme', videoId: 'v1', fileName: '.hidden' }, 'fileName'],
    [{ env: 'dev', tenantId: 'acme', videoId: 'v1', fileName: 'my talk.mp4' }, 'fileName'],
  ])('refuses %j, naming %s', (parts, named) => {
    // Act
    const build = () => buildUploadKey(parts);

    // Assess
    expect(build).toThrow(InvalidRequestError);
    expect(build).toThrow(named);
  });
});

describe('Function: parseUploadKey', () => {
  it.each([
    'dev/acme/v1',
    'dev/acme/v1/a.mp4/b',
    'dev/acme/../a.mp4',
    'dev/acme/v1/%2e%2e',
    '/dev/acme/v1/a.mp4',
    'dev/acme//a.mp4',
    'dev/Acme/v1/a.mp4',
    'dev/acme/v1/a\u0000.mp4',
  ])('refuses %j', (key) => {
    // Act
    const parse = () => parseUploadKey(key);

    // Assess
    expect(parse).toThrow(InvalidRequestError);
    expect(isUploadKey(key)).toBe(false);
  });
});

describe('Function: assertValidUploadPrefix', () => {
  it.each(['', 'dev/', 'dev/acme/', 'dev/acme/v1/', 'dev/acme/v1/ta'])('accepts %j', (prefix) => {
    expect(assertValidUploadPrefix(prefix)).toBe(prefix);
  });

  it.each(['dev/../', 'dev/acme/v1/a.mp4/', 'dev/Acme/'])('refuses %j', (prefix) => {
    expect(() => assertValidUploadPrefix(prefix)).toThrow(InvalidRequestError);
  });
});

describe('Function: toUploadFileName', () => {
  it.each([
    ['C:\\clips\\My talk (final).MOV', 'My-talk-final-.MOV'],
    ['/etc/passwd', 'passwd'],
    ['../../..', 'source'],
    ['.bashrc', 'bashrc'],
    ['ünïcode.mp4', 'n-code.mp4'],
    ['', 'source'],
  ])('makes %j a valid file name: %j', (name, expected) => {
    // Act
    const fileName = toUploadFileName(name);

    // Assess
    expect(fileName).toBe(expected);
    expect(() =>
      buildUploadKey({ env: 'dev', tenantId: 'acme', videoId: 'v1', fileName }),
    ).not.toThrow();
  });

  it('keeps the extension of a name over 128 characters', () => {
    // Act
    const fileName = toUploadFileName(`${'a'.repeat(300)}.webm`);

    // Assess
    expect(fileName).toHaveLength(128);
    expect(fileName.endsWith('.webm')).toBe(true);
  });
});

describe('Function: keyLayoutOf', () => {
  it('tells media keys from upload keys and refuses a key of neither', () => {
    expect(keyLayoutOf('dev/acme/ep-42/audio/audio.mp3')).toBe('media');
    expect(keyLayoutOf('dev/acme/ep-42/manifest.json')).toBe('media');
    expect(keyLayoutOf('dev/acme/v1/talk.mp4')).toBe('uploads');
    expect(() => keyLayoutOf('dev/acme/../talk.mp4')).toThrow(InvalidRequestError);
  });
});
