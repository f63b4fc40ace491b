import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJob, createLocalDependencies } from '../tests/support/local-job';
import type { JobEventRef } from './job-event';
import { chunkFolderName, removeRunChunks, runChunkKey } from './run-chunk-objects';
import type { ServiceDependencies } from './service-dependencies';

describe('Function: removeRunChunks', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  let job: JobEventRef;
  beforeEach(async () => {
    ({ dir, dependencies, cleanup } = await createLocalDependencies());
    job = await createJob(dependencies, { dir, jobId: 'chunks' });
  });
  afterEach(async () => cleanup());

  const store = async (run: JobEventRef, kind: 'renders' | 'renditions/cmaf', name: string) => {
    const path = join(dir, 'chunk.bin');
    await writeFile(path, Buffer.alloc(16, 1));
    const key = runChunkKey(run, kind, name);
    await dependencies.storage.putFile({ key, path });
    return key;
  };
  const keys = () =>
    dependencies.storage.list({ prefix: 'dev/acme/chunks/' }).then((objects) =>
      objects
        .map(({ key }) => key.split('/').slice(3).join('/'))
        .filter((key) => key.includes('/chunks/'))
        .sort(),
    );

  it('removes one chunk folder, then the run, then every run — and only under its own kind', async () => {
    // Prepare
    const other = { ...job, runId: 'other-run' };
    await store(job, 'renditions/cmaf', `${chunkFolderName(1)}/720p.mp4`);
    await store(job, 'renditions/cmaf', `${chunkFolderName(2)}/720p.mp4`);
    await store(job, 'renditions/cmaf', 'audio.mp4');
    await store(other, 'renditions/cmaf', 'audio.mp4');
    const renderKey = await store(job, 'renders', `${chunkFolderName(1)}.mp4`);

    // Act + Assert
    const context = { job, dependencies };
    const kind = 'renditions/cmaf';
    expect(await removeRunChunks({ context, kind, under: chunkFolderName(1) })).toBe(1);
    expect(await removeRunChunks({ context, kind })).toBe(2);
    expect(await keys()).toEqual([
      `renders/chunks/${job.runId}/chunk-001.mp4`,
      'renditions/cmaf/chunks/other-run/audio.mp4',
    ]);
    expect(await removeRunChunks({ context, kind, allRuns: true })).toBe(1);
    expect(await keys()).toEqual([renderKey.split('/').slice(3).join('/')]);
  });
});
