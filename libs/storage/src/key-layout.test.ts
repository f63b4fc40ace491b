import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import {
  assertValidEnv,
  assertValidId,
  assertValidName,
  buildBrandingKey,
  buildClipKey,
  buildJobKey,
  buildJobRootKey,
  buildManifestKey,
  ID_PATTERN,
  jobKeyKinds,
  type JobKeyKind,
} from './key-layout';

const root = { env: 'dev', tenantId: 'acme', jobId: 'ep-42' };

describe('Function: buildJobKey', () => {
  it.each(jobKeyKinds)('puts %s objects under {env}/{tenantId}/{jobId}/{kind}/', (kind) => {
    // Act
    const key = buildJobKey({ ...root, kind, name: 'out.bin' });

    // Assess
    expect(key).toBe(`dev/acme/ep-42/${kind}/out.bin`);
  });

  it('accepts names of up to four segments', () => {
    // Act
    const key = buildJobKey({ ...root, kind: 'renditions/cmaf', name: '720p/init/v1/seg-001.m4s' });

    // Assess
    expect(key).toBe('dev/acme/ep-42/renditions/cmaf/720p/init/v1/seg-001.m4s');
  });

  it('rejects a kind that is not in the layout', () => {
    // Act
    const build = () => buildJobKey({ ...root, kind: 'secrets' as JobKeyKind, name: 'a.txt' });

    // Assess
    expect(build).toThrow(InvalidRequestError);
  });
});

describe('Function: buildJobRootKey and buildManifestKey', () => {
  it('puts the manifest at the job root', () => {
    // Assess
    expect(buildJobRootKey(root)).toBe('dev/acme/ep-42');
    expect(buildManifestKey(root)).toBe('dev/acme/ep-42/manifest.json');
  });

  it('reserves audio_clips, the clips folder, as a job id', () => {
    // Act
    const build = () => buildManifestKey({ ...root, jobId: 'audio_clips' });

    // Assess
    expect(build).toThrow(InvalidRequestError);
    expect(assertValidId('episodeId', 'audio_clips')).toBe('audio_clips');
  });
});

describe('Function: buildBrandingKey', () => {
  it('puts branding assets in the tenant folder, shared by every job', () => {
    // Act
    const key = buildBrandingKey({ env: 'prod', tenantId: 'acme', name: 'fonts/title.woff2' });

    // Assess
    expect(key).toBe('prod/acme/branding/fonts/title.woff2');
  });

  it('reserves branding, the branding folder, as a job id', () => {
    // Act
    const build = () => buildManifestKey({ ...root, jobId: 'branding' });

    // Assess
    expect(build).toThrow(InvalidRequestError);
    expect(assertValidId('tenantId', 'branding')).toBe('branding');
  });

  it('refuses a branding name that climbs out of the folder', () => {
    // Act
    const build = () => buildBrandingKey({ env: 'prod', tenantId: 'acme', name: '../ep-1/x' });

    // Assess
    expect(build).toThrow(InvalidRequestError);
  });
});

describe('Function: buildClipKey', () => {
  it('names a clip by its episode and millisecond range', () => {
    // Act
    const key = buildClipKey({
      env: 'prod',
      tenantId: 'acme',
      episodeId: 'ep-7',
      startMs: 0,
      endMs: 30000,
    });

    // Assess
    expect(key).toBe('prod/acme/audio_clips/ep-7/0-30000.mp3');
  });

  it.each([
    [-1, 1000],
    [1000, 1000],
    [2000, 1000],
    [1.5, 1000],
    [0, Number.NaN],
    [0, Number.MAX_SAFE_INTEGER + 2],
  ])('rejects the range %d–%d ms', (startMs, endMs) => {
    // Act
    const build = () =>
      buildClipKey({ env: 'dev', tenantId: 'acme', episodeId: 'ep-7', startMs, endMs });

    // Assess
    expect(build).toThrow(InvalidRequestError);
  });
});

describe('Function: assertValidId', () => {
  it.each(['a', 'acme', 'tenant_01', 'x-y-z', '0', 'a'.repeat(63)])('accepts %j', (id) => {
    expect(assertValidId('tenantId', id)).toBe(id);
  });

  it.each(['', 'a'.repeat(64), 'Acme', '_a', '-a', 'a.b', 'a b', 'ä', undefined, 42, null])(
    'rejects %j with InvalidRequestError',
    (id) => {
      // Act
      const check = () => assertValidId('jobId', id);

      // Assess
      expect(check).toThrow(InvalidRequestError);
    },
  );

  it('advises the id rules on an id error', () => {
    // Act
    const check = () => assertValidId('jobId', 'Bad/ID');

    // Assess
    expect(check).toThrow(
      expect.objectContaining({
        code: 'INVALID_REQUEST',
        advice: expect.stringContaining(ID_PATTERN.source) as string,
        details: expect.objectContaining({ idKind: 'jobId' }) as object,
      }),
    );
  });

  it('shows at most 40 characters of a long id in the message', () => {
    // Act
    let message = '';
    try {
      assertValidId('tenantId', 'b'.repeat(1024));
    } catch (error) {
      message = (error as Error).message;
    }

    // Assess
    expect(message).toBe(`tenantId "${'b'.repeat(40)}" is not a valid id`);
  });
});

describe('Function: assertValidEnv and assertValidName', () => {
  it('accepts environment names like REEL_ENV does and nothing else', () => {
    expect(assertValidEnv('pr-42')).toBe('pr-42');
    for (const env of ['', 'Dev', '1dev', 'dev_1', 'a'.repeat(17), 'dev/prod']) {
      expect(() => assertValidEnv(env)).toThrow(InvalidRequestError);
    }
  });

  it('advises the environment-name rule, not the id rule, on an env error', () => {
    expect(() => assertValidEnv('Dev')).toThrow(
      expect.objectContaining({
        advice: expect.stringMatching(/^Use an environment name like dev/) as string,
      }),
    );
    expect(() => assertValidEnv('Dev')).toThrow(
      expect.not.objectContaining({ advice: expect.stringContaining(ID_PATTERN.source) as string }),
    );
  });

  it.each(['.hidden', '..', 'a//b', 'a/b/c/d/e', '', 'a\\b', 'a b.mp4', `${'n'.repeat(129)}.mp4`])(
    'rejects the name %j',
    (name) => {
      expect(() => assertValidName(name)).toThrow(InvalidRequestError);
    },
  );
});
