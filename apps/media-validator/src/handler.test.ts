import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireJobInput } from '@reel/manifest';
import { generateLavfiClip, writeHostileInputs, type HostileInputs } from '@reel/sample-media';
import { buildJobRootKey, buildManifestKey } from '@reel/storage';
import {
  createTestEnvironment,
  lambdaContext,
  testBackends,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createValidateHandler } from './handler';

describe.each(testBackends)('media-validator: the ValidateInput task (%s backend)', (backend) => {
  let environment: TestEnvironment;
  let hostile: HostileInputs;
  let clip: string;
  let handler: ReturnType<typeof createValidateHandler>;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'media-validator', backend });
    handler = createValidateHandler(() => environment.dependencies);
    hostile = await writeHostileInputs(environment.fixturesDir);
    clip = await generateLavfiClip({
      outputPath: join(environment.fixturesDir, 'clip.mp4'),
      durationSec: 2,
      video: { width: 320, height: 240 },
      audio: {},
    });
  });
  afterAll(async () => environment.cleanup());

  const manifestOf = (jobId: string) =>
    environment.dependencies.manifests.get({ tenantId: 'acme', jobId });

  it('records the probe summary of a valid upload and writes nothing to storage', async () => {
    // Prepare
    const job = await environment.createJob('valid-clip', clip);

    // Act
    const response = await handler({ job, options: {}, step: 'validate' }, lambdaContext);

    // Assess
    expect(response).toEqual({ step: 'validate', status: 'succeeded', outputs: [] });
    const manifest = await manifestOf('valid-clip');
    expect(manifest?.status).toBe('processing');
    expect(manifest?.steps['validate']).toMatchObject({ status: 'succeeded', outputs: [] });
    expect(manifest?.steps['validate']?.attempts).toHaveLength(1);
    expect(manifest?.input?.probe?.durationSec).toBeCloseTo(2, 1);
    expect(manifest?.input?.probe?.streams).toEqual([
      expect.objectContaining({ type: 'video', codecName: 'h264', width: 320, height: 240 }),
      expect.objectContaining({ type: 'audio', codecName: 'aac' }),
    ]);
    const stored = await environment.dependencies.storage.list({
      prefix: `${buildJobRootKey(job)}/`,
    });
    // Locally the manifest is a file beside the media; on AWS it is an item in DynamoDB.
    expect(stored.map(({ key }) => key).filter((key) => key !== buildManifestKey(job))).toEqual([
      manifest?.input?.key,
    ]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it.each([
    ['a zero-byte file', 'zeroByte', 'CorruptInputError', 'CORRUPT_INPUT'],
    ['a truncated MP4', 'truncatedMp4', 'CorruptInputError', 'CORRUPT_INPUT'],
    ['a text file named .mp4', 'textAsMp4', 'CorruptInputError', 'CORRUPT_INPUT'],
    [
      'an HLS playlist pointing at http:// and file:///etc/passwd',
      'hlsPlaylist',
      'UnsupportedMediaError',
      'UNSUPPORTED_MEDIA',
    ],
    [
      'an ffconcat list naming /etc/passwd',
      'ffconcatList',
      'UnsupportedMediaError',
      'UNSUPPORTED_MEDIA',
    ],
    [
      'a header claiming a 100000×100000 frame',
      'hugeDimensions',
      'GuardrailExceededError',
      'GUARDRAIL_EXCEEDED',
    ],
  ] as const)(
    'refuses %s with a typed error recorded on the step',
    async (_label, fixture, errorName, code) => {
      // Prepare
      const jobId = `hostile-${fixture.toLowerCase()}`;
      const job = await environment.createJob(jobId, hostile[fixture]);

      // Act
      const failure = await handler({ job, options: {} }, lambdaContext).catch(
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toMatchObject({ name: errorName, code });
      const step = (await manifestOf(jobId))?.steps['validate'];
      expect(step).toMatchObject({ status: 'failed', outputs: [], error: { code } });
      expect(step?.attempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          status: 'failed',
          error: expect.objectContaining({ code }),
        }),
      ]);
      expect(
        await environment.dependencies.storage.list({ prefix: `${buildJobRootKey(job)}/audio/` }),
      ).toEqual([]);
      expect(await environment.scratchLeft()).toEqual([]);
    },
  );

  it('applies the tenant guardrails from the options and ignores other steps’ options', async () => {
    // Prepare
    const job = await environment.createJob('over-tenant-limit', clip);
    const options = { guardrails: { maxDurationSec: 1 }, segmentDurationSec: 30 };

    // Act
    const failure = await handler({ job, options }, lambdaContext).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'GuardrailExceededError',
      details: { guardrail: 'maxDurationSec', limit: 1 },
    });
    expect((await manifestOf('over-tenant-limit'))?.steps['validate']?.error?.code).toBe(
      'GUARDRAIL_EXCEEDED',
    );
  });

  it('applies the guardrails stored in the tenant’s settings', async () => {
    // Prepare
    const { tenantSettings } = environment.dependencies;
    const stored = await tenantSettings.get('strict');
    await tenantSettings.put(
      { ...stored, guardrails: { maxDurationSec: 1 } },
      { expectedVersion: stored.version },
    );
    const job = await environment.createJob('tenant-limit', clip, { tenantId: 'strict' });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'GuardrailExceededError',
      details: { guardrail: 'maxDurationSec', limit: 1 },
    });
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('lets a job’s options tighten the tenant’s guardrails but never loosen them', async () => {
    // Prepare
    const { tenantSettings } = environment.dependencies;
    const stored = await tenantSettings.get('capped');
    await tenantSettings.put(
      { ...stored, guardrails: { maxDurationSec: 1, allowedContainers: ['mov'] } },
      { expectedVersion: stored.version },
    );
    const job = await environment.createJob('looser-job', clip, { tenantId: 'capped' });
    const options = { guardrails: { maxDurationSec: 3600 } };

    // Act
    const failure = await handler({ job, options }, lambdaContext).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'GuardrailExceededError',
      details: { guardrail: 'maxDurationSec', limit: 1 },
    });
  });

  it('validates a tenant’s job within its settings when they allow it', async () => {
    // Prepare
    const { tenantSettings } = environment.dependencies;
    const stored = await tenantSettings.get('roomy');
    await tenantSettings.put(
      { ...stored, guardrails: { maxDurationSec: 10, allowedVideoCodecs: ['h264'] } },
      { expectedVersion: stored.version },
    );
    const job = await environment.createJob('within-limits', clip, { tenantId: 'roomy' });

    // Act
    const response = await handler({ job, options: {} }, lambdaContext);

    // Assess
    expect(response).toMatchObject({ status: 'succeeded' });
    const manifest = await environment.dependencies.manifests.get({
      tenantId: 'roomy',
      jobId: 'within-limits',
    });
    expect(manifest?.input?.probe?.durationSec).toBeCloseTo(2, 1);
  });

  it('refuses an upload over the tenant’s maxBytes before downloading it', async () => {
    // Prepare
    const job = await environment.createJob('too-big', clip);

    // Act
    const failure = await handler(
      { job, options: { guardrails: { maxBytes: 1000 } } },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    const manifest = await manifestOf('too-big');
    expect(failure).toMatchObject({
      name: 'GuardrailExceededError',
      message: expect.stringMatching(new RegExp(`^${manifest!.input!.fileName} has \\d+ bytes`)),
      details: { guardrail: 'maxBytes', limit: 1000 },
    });
    expect(manifest?.steps['validate']?.error?.code).toBe('GUARDRAIL_EXCEEDED');
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('refuses malformed tenant guardrails as a configuration error naming the field', async () => {
    // Prepare
    const job = await environment.createJob('bad-guardrails', clip);

    // Act
    const failure = await handler(
      { job, options: { guardrails: { maxBytes: -1 } } },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'ConfigInvalidError',
      message: expect.stringContaining('maxBytes'),
    });
  });

  it('refuses an input replaced after the job was created (SHA-256 mismatch)', async () => {
    // Prepare
    const job = await environment.createJob('changed-input', clip);
    const input = requireJobInput((await manifestOf('changed-input'))!);
    await environment.dependencies.storage.putFile({ key: input.key, path: hostile.audioOnly });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'CorruptInputError',
      details: { expectedSha256: input.sha256 },
    });
    expect((await manifestOf('changed-input'))?.input?.probe).toBeUndefined();
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('reports an input object that is gone as InputMissingError', async () => {
    // Prepare
    const job = await environment.createJob('deleted-input', clip);
    const manifest = await manifestOf('deleted-input');
    await environment.dependencies.storage.delete({ key: manifest!.input!.key });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({ name: 'InputMissingError', code: 'INPUT_MISSING' });
    expect((await manifestOf('deleted-input'))?.steps['validate']?.status).toBe('failed');
  });

  it('refuses an event without a valid job before touching any manifest', async () => {
    // Act
    const failure = await handler(
      { job: { env: 'dev', tenantId: '../etc', jobId: 'x', correlationId: 'c' } },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('job.tenantId'),
    });
  });
});
