import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptInputError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import { createTranscript } from '@reel/transcript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJob, createLocalDependencies } from '../tests/support/local-job';
import { readJobTranscript } from './read-job-transcript';
import type { ServiceDependencies } from './service-dependencies';

const TRANSCRIPT_KEY = 'dev/acme/talk/transcripts/transcript.json';

describe('Function: readJobTranscript', () => {
  let dir: string;
  let scratchDir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  let manifest: JobManifest;
  beforeEach(async () => {
    ({ dir, dependencies, cleanup } = await createLocalDependencies());
    scratchDir = join(dir, 'scratch');
    await mkdir(scratchDir);
    await createJob(dependencies, { dir, jobId: 'talk' });
    manifest = (await dependencies.manifests.get({ tenantId: 'acme', jobId: 'talk' }))!;
  });
  afterEach(async () => cleanup());

  const store = async (text: string) => {
    const path = join(dir, 'stored-transcript.json');
    await writeFile(path, text);
    await dependencies.storage.putFile({ key: TRANSCRIPT_KEY, path });
    return {
      ...manifest,
      results: {
        ...manifest.results,
        transcript: {
          transcriptKey: TRANSCRIPT_KEY,
          srtKey: TRANSCRIPT_KEY,
          vttKey: TRANSCRIPT_KEY,
          provider: 'test',
          language: 'en',
          wordCount: 1,
          fillerCount: 0,
          durationMs: 1000,
        },
      },
    } satisfies JobManifest;
  };
  const read = (job: JobManifest) =>
    readJobTranscript({
      manifest: job,
      storage: dependencies.storage,
      scratchDir,
      signal: new AbortController().signal,
      fileName: 'source-transcript.json',
      thenAdvice: 'then render again.',
    });

  it('is undefined when the job has no transcript', async () => {
    expect(await read(manifest)).toBeUndefined();
  });

  it('reads and parses the stored transcript into the scratch dir', async () => {
    // Prepare
    const transcript = createTranscript({
      provider: 'local-pocketsphinx',
      language: 'en',
      durationMs: 1000,
      words: [{ text: 'hello', startMs: 0, endMs: 400, confidence: 0.9 }],
    });
    // Act
    const parsed = await read(await store(JSON.stringify(transcript)));
    // Assess
    expect(parsed?.words.map(({ text }) => text)).toEqual(['hello']);
  });

  it.each([
    ['not JSON', '{ nope', 'is not JSON'],
    ['JSON but not a transcript', '{"words": 3}', 'is not a transcript'],
  ])(
    'refuses a stored transcript that is %s with CorruptInputError and the advice',
    async (_, text, says) => {
      const failure = await read(await store(text)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CorruptInputError);
      expect((failure as CorruptInputError).message).toContain(says);
      expect((failure as CorruptInputError).advice).toBe(
        'Run transcription again for this job, then render again.',
      );
    },
  );
});
