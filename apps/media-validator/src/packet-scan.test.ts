import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMatroskaClaimingSize,
  generateLavfiClip,
  patchMatroskaDuration,
} from '@reel/sample-media';
import {
  createTestEnvironment,
  lambdaContext,
  testBackends,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createValidateHandler } from './handler';

// What the container claims is not what validation trusts: it reads the packets.
describe.each(testBackends)('media-validator: what the packets say (%s backend)', (backend) => {
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createValidateHandler>;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'media-validator-scan', backend });
    handler = createValidateHandler(() => environment.dependencies);
  });
  afterAll(async () => environment.cleanup());

  const validate = async (jobId: string, inputPath: string, options = {}) => {
    const job = await environment.createJob(jobId, inputPath);
    const failure = await handler({ job, options }, lambdaContext).catch((error: unknown) => error);
    const manifest = await environment.dependencies.manifests.get({ tenantId: 'acme', jobId });
    return { failure, step: manifest?.steps['validate'], probe: manifest?.input?.probe };
  };

  it('refuses an MKV whose header says 1 s but holds more than the tenant allows, at this first step', async () => {
    // Prepare: 60 s of 16×16 frames at 1 fps; the header and tags say 1 s; the tenant allows 30 s.
    const honest = join(environment.fixturesDir, 'honest-60s.mkv');
    // prettier-ignore
    await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:size=16x16:rate=1:duration=60', '-c:v', 'libx264', '-preset', 'ultrafast', honest]);
    const lying = join(environment.fixturesDir, 'says-1s.mkv');
    await writeFile(
      lying,
      patchMatroskaDuration(await readFile(honest), { trueSec: 60, claimedSec: 1 }),
    );

    // Act
    const { failure, step } = await validate('says-1s', lying, {
      guardrails: { maxDurationSec: 30 },
    });

    // Assess
    expect(failure).toMatchObject({
      name: 'GuardrailExceededError',
      details: { guardrail: 'maxDurationSec', limit: 30 },
    });
    expect((failure as Error).message).toMatch(/^says-1s\.mkv holds media past 30\.\d s/);
    expect(step).toMatchObject({ status: 'failed', error: { code: 'GUARDRAIL_EXCEEDED' } });
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('refuses a faststart MP4 cut in half as CorruptInput with the measured and claimed durations', async () => {
    // Prepare: the moov atom comes first and survives, so ffprobe still claims all 10 s.
    const whole = await generateLavfiClip({
      outputPath: join(environment.fixturesDir, 'whole.mp4'),
      durationSec: 10,
      video: { width: 160, height: 120 },
      audio: {},
    });
    const half = join(environment.fixturesDir, 'talk.mp4');
    const bytes = await readFile(whole);
    await writeFile(half, bytes.subarray(0, bytes.length / 2));

    // Act
    const { failure, step, probe } = await validate('cut-in-half', half);

    // Assess
    expect(failure).toMatchObject({ name: 'CorruptInputError', code: 'CORRUPT_INPUT' });
    expect((failure as Error).message).toMatch(/^talk\.mp4 is truncated/);
    const details = step?.error?.details;
    expect(details?.['claimedDurationSec']).toBeCloseTo(10, 0);
    expect(details?.['measuredDurationSec']).toBeGreaterThan(3);
    expect(details?.['measuredDurationSec']).toBeLessThan(6);
    expect(probe).toBeUndefined();
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('refuses 1,100 streams by count before analysing them (ffprobe used to run out of memory)', async () => {
    // Prepare
    const many = join(environment.fixturesDir, 'many-streams.mkv');
    await writeFile(many, buildMatroskaClaimingSize({ width: 320, height: 240, trackCount: 1100 }));

    // Act
    const { failure, step } = await validate('many-streams', many);

    // Assess
    expect(failure).toMatchObject({
      name: 'GuardrailExceededError',
      details: { guardrail: 'maxStreams', limit: 16 },
    });
    expect(step?.error?.message).toBe(
      'many-streams.mkv has more than the 16 streams allowed (maxStreams)',
    );
  });
});
