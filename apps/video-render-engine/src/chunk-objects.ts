import {
  chunkFolderName,
  removeRunChunks as removeChunksOf,
  runChunkKey,
  type JobEventRef,
  type ServiceDependencies,
} from '@reel/lambda-kit';

/**
 * Where a chunk of a chunked render is stored between the Map's chunk Tasks and the finish Task:
 * `renders/chunks/{runId}/chunk-003.mp4`, run-scoped so two runs never mix their chunks.
 *
 * @example
 * chunkKeyOf(job, 3); // 'dev/acme/ep-42/renders/chunks/run-20261201-ab12cd/chunk-003.mp4'
 */
export function chunkKeyOf(job: JobEventRef, index: number): string {
  return runChunkKey(job, 'renders', `${chunkFolderName(index)}.mp4`);
}

/**
 * Removes the stored chunks of this run (after the join, or after a chunk failed), or of every run
 * of the job (`allRuns`: before a new chunked render, what a crashed run left).
 */
export function removeRunChunks({
  context,
  allRuns = false,
}: {
  context: { job: JobEventRef; dependencies: Pick<ServiceDependencies, 'storage'> };
  allRuns?: boolean;
}): Promise<number> {
  return removeChunksOf({ context, kind: 'renders', allRuns });
}
