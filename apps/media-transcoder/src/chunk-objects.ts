import {
  chunkFolderName,
  removeRunChunks as removeChunksOf,
  runChunkKey,
  type JobEventRef,
  type ServiceDependencies,
} from '@reel/lambda-kit';

const KIND = 'renditions/cmaf';

/**
 * Where one rung of one chunk of a chunked transcode is stored between the Map's chunk Tasks and
 * the finish Task, run-scoped so two runs never mix their chunks.
 *
 * @example
 * chunkRungKey(job, 3, '720p'); // 'dev/acme/ep-42/renditions/cmaf/chunks/run-1/chunk-003/720p.mp4'
 */
export function chunkRungKey(job: JobEventRef, index: number, rung: string): string {
  return runChunkKey(job, KIND, `${chunkFolderName(index)}/${rung}.mp4`);
}

/**
 * Where the prepare phase stores the shared AAC rendition of a chunked transcode (encoded once
 * from the whole input, so the sound has no seams at chunk joins).
 *
 * @example
 * chunkAudioKey(job); // 'dev/acme/ep-42/renditions/cmaf/chunks/run-1/audio.mp4'
 */
export function chunkAudioKey(job: JobEventRef): string {
  return runChunkKey(job, KIND, 'audio.mp4');
}

/**
 * Where the prepare phase stores the source's probe and identity for the finish phase, which
 * then packages without downloading the source (see `storedSourceProbeSchema`).
 *
 * @example
 * chunkSourceKey(job); // 'dev/acme/ep-42/renditions/cmaf/chunks/run-1/source.json'
 */
export function chunkSourceKey(job: JobEventRef): string {
  return runChunkKey(job, KIND, 'source.json');
}

/**
 * Removes the stored chunk objects of this run, of one chunk of it (`chunk`: a chunk finished
 * after the step was abandoned), or of every run of the job (`allRuns`). Returns the count.
 */
export function removeRunChunks({
  context,
  allRuns = false,
  chunk,
}: {
  context: { job: JobEventRef; dependencies: Pick<ServiceDependencies, 'storage'> };
  allRuns?: boolean;
  chunk?: number;
}): Promise<number> {
  return removeChunksOf({
    context,
    kind: KIND,
    allRuns,
    ...(chunk === undefined ? {} : { under: chunkFolderName(chunk) }),
  });
}
