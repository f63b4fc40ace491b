import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildBrandingKey, buildClipKey, buildJobKey, buildManifestKey } from './key-layout';
import { assertValidObjectKey, assertValidPrefix, isObjectKey, parseObjectKey } from './object-key';

function rejection(run: () => unknown): InvalidRequestError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidRequestError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('Function: parseObjectKey', () => {
  it('reads back every key shape the builders make', () => {
    // Prepare
    const jobKey = buildJobKey({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-42',
      kind: 'renditions/cmaf',
      name: '720p/init.mp4',
    });
    const manifestKey = buildManifestKey({ env: 'dev', tenantId: 'acme', jobId: 'ep-42' });
    const clipKey = buildClipKey({
      env: 'dev',
      tenantId: 'acme',
      episodeId: 'ep-7',
      startMs: 1500,
      endMs: 31500,
    });
    const brandingKey = buildBrandingKey({
      env: 'dev',
      tenantId: 'acme',
      name: 'watermark-1a2b.png',
    });

    // Act
    const parsed = [jobKey, manifestKey, clipKey, brandingKey].map(parseObjectKey);

    // Assess
    expect(parsed).toEqual([
      {
        shape: 'job-object',
        env: 'dev',
        tenantId: 'acme',
        jobId: 'ep-42',
        kind: 'renditions/cmaf',
        name: '720p/init.mp4',
      },
      { shape: 'manifest', env: 'dev', tenantId: 'acme', jobId: 'ep-42' },
      {
        shape: 'clip',
        env: 'dev',
        tenantId: 'acme',
        episodeId: 'ep-7',
        startMs: 1500,
        endMs: 31500,
      },
      { shape: 'branding', env: 'dev', tenantId: 'acme', name: 'watermark-1a2b.png' },
    ]);
  });

  it.each(['dev/acme/branding', 'dev/acme/branding/../x.png', 'dev/acme/branding/a/b/c/d/e.png'])(
    'rejects the branding key %s',
    (key) => {
      expect(rejection(() => parseObjectKey(key)).code).toBe('INVALID_REQUEST');
    },
  );

  it.each([
    ['/dev/acme/ep-42/manifest.json', 'absolute'],
    ['dev/acme/ep-42/input/../manifest.json', '".."'],
    ['dev/acme/ep-42/input//a.mp4', 'empty segment'],
    ['dev\\acme\\ep-42\\manifest.json', 'backslash'],
    ['dev/acme/ep-42/input/a\u0000.mp4', 'control character'],
    ['dev/acme/ep-42/renditions/a.mp4', 'not a job key kind'],
    ['dev/acme/ep-42/input', 'name must be'],
    ['dev/acme/ep-42/input/.a', 'name must be'],
    ['Dev/acme/ep-42/manifest.json', 'env segment'],
    ['dev/ACME/ep-42/manifest.json', 'tenant id'],
    ['dev/acme/audio_clips/ep-7/01-100.mp3', 'clip keys are'],
    ['dev/acme/audio_clips/ep-7/100-100.mp3', 'after its start'],
    ['dev/acme/audio_clips/ep-7/0-100.wav', 'clip keys are'],
    [`dev/acme/ep-42/input/${'a'.repeat(1100)}`, 'longer than 1024'],
  ])('rejects %j (%s)', (key, reason) => {
    // Act
    const error = rejection(() => parseObjectKey(key));

    // Assess
    expect(error.message).toContain(reason);
    expect(error.advice).toContain('buildJobKey');
  });

  it('rejects values that are not strings', () => {
    expect(isObjectKey(undefined)).toBe(false);
    expect(() => assertValidObjectKey(42)).toThrow(InvalidRequestError);
  });
});

describe('Function: assertValidPrefix', () => {
  it.each([
    '',
    'dev/',
    'dev/acme/',
    'dev/acme/ep-42',
    'dev/acme/ep-42/renditions/cmaf/7',
    'dev/acme/audio_clips/',
  ])('accepts %j', (prefix) => {
    expect(assertValidPrefix(prefix)).toBe(prefix);
  });

  it.each([
    '/',
    '/dev/',
    'dev//',
    'dev/../',
    'dev/acme/..',
    'dev/Acme/',
    'dev\\acme',
    'DEV/',
    'dev/acme/ep-42/.tmp',
  ])('rejects %j', (prefix) => {
    expect(() => assertValidPrefix(prefix)).toThrow(InvalidRequestError);
  });
});
