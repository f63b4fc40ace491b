import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJob, createLocalDependencies } from '../tests/support/local-job';
import type { JobEventRef } from './job-event';
import { publishStepOutputs } from './publish-step-outputs';
import type { ServiceDependencies } from './service-dependencies';

describe('Function: publishStepOutputs', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  let job: JobEventRef;
  beforeEach(async () => {
    ({ dir, dependencies, cleanup } = await createLocalDependencies());
    job = await createJob(dependencies, { dir, jobId: 'publish' });
  });
  afterEach(async () => cleanup());

  const folder = (kind: string) =>
    dependencies.storage
      .list({ prefix: `dev/acme/publish/${kind}/` })
      .then((objects) => objects.map(({ key }) => key.split('/').slice(4).join('/')).sort());

  it('stores text and file outputs under the job folder and returns them in the order given', async () => {
    // Prepare
    const wavPath = join(dir, 'tone.wav');
    await writeFile(wavPath, Buffer.alloc(2048, 1));

    // Act
    const outputs = await publishStepOutputs({
      job,
      kind: 'audio',
      files: [
        { name: 'notes.txt', text: 'hello\n', contentType: 'text/plain; charset=utf-8' },
        { name: 'tone.wav', path: wavPath, durationSec: 1.5 },
      ],
      storage: dependencies.storage,
      scratchDir: dir,
      signal: AbortSignal.timeout(10_000),
    });

    // Assess
    expect(outputs).toEqual([
      {
        key: 'dev/acme/publish/audio/notes.txt',
        bytes: 6,
        contentType: 'text/plain; charset=utf-8',
      },
      {
        key: 'dev/acme/publish/audio/tone.wav',
        bytes: 2048,
        contentType: 'audio/wav',
        durationSec: 1.5,
      },
    ]);
    expect(await folder('audio')).toEqual(['notes.txt', 'tone.wav']);
  });

  it("replaces an earlier attempt's leftovers when asked to replace the folder", async () => {
    // Prepare: an earlier attempt stored two segments
    for (const name of ['segments/segment-000.mp3', 'segments/segment-001.mp3']) {
      await publishStepOutputs({
        job,
        kind: 'audio',
        files: [{ name, text: 'old' }],
        storage: dependencies.storage,
        scratchDir: dir,
        signal: AbortSignal.timeout(10_000),
      });
    }

    // Act
    await publishStepOutputs({
      job,
      kind: 'audio',
      files: [{ name: 'segments/segment-000.mp3', text: 'new' }],
      storage: dependencies.storage,
      scratchDir: join(dir, 'second'),
      signal: AbortSignal.timeout(10_000),
      replaceFolder: true,
    });

    // Assess
    expect(await folder('audio')).toEqual(['segments/segment-000.mp3']);
  });

  it('stores none of the outputs when one of them cannot be read', async () => {
    const failure = await publishStepOutputs({
      job,
      kind: 'transcripts',
      files: [
        { name: 'transcript.json', text: '{}' },
        { name: 'transcript.srt', path: join(dir, 'missing.srt') },
      ],
      storage: dependencies.storage,
      scratchDir: dir,
      signal: AbortSignal.timeout(10_000),
      inOrder: true,
    }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'InputMissingError' });
    expect(await folder('transcripts')).toEqual([]);
  });

  it('refuses text outputs without a scratch dir to write them into', async () => {
    await expect(
      publishStepOutputs({
        job,
        kind: 'plan',
        files: [{ name: 'cut-plan.json', text: '{}' }],
        storage: dependencies.storage,
        signal: AbortSignal.timeout(10_000),
      }),
    ).rejects.toThrow('publishStepOutputs needs a scratchDir to write text outputs into');
  });
});
