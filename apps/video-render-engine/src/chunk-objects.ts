import type { JobEventRef, ServiceDependencies } from '@reel/lambda-kit';
import { buildJobKey, buildJobRootKey } from '@reel/storage';

const CHUNKS_FOLDER = 'chunks';

/** The run's folder name under `renders/chunks/` (a name segment must start alphanumeric). */
function runFolder(runId: string): string {
  return /^[A-Za-z0-9]/.test(runId) ? runId : `run${runId}`;
}

/**
 * Where a chunk of a chunked render is stored between the Map's chunk Tasks and the finish Task:
 * `renders/chunks/{runId}/chunk-003.mp4`, run-scoped so two runs never mix their chunks.
 *
 * @example
 * chunkKeyOf(job, 3); // 'dev/acme/ep-42/renders/chunks/run-20261201-ab12cd/chunk-003.mp4'
 */
export function chunkKeyOf(job: JobEventRef, index: number): string {
  const name = `${CHUNKS_FOLDER}/${runFolder(job.runId)}/chunk-${String(index).padStart(3, '0')}.mp4`;
  return buildJobKey({ ...job, kind: 'renders', name });
}

/**
 * Removes the stored chunks of this run (after the join, or after a chunk failed), or of every run
 * of the job (`allRuns`: before a new chunked render, what a crashed run left).
 */
export async function removeRunChunks({
  context: { job, dependencies },
  allRuns = false,
}: {
  context: { job: JobEventRef; dependencies: Pick<ServiceDependencies, 'storage'> };
  allRuns?: boolean;
}): Promise<number> {
  const chunksPrefix = `${buildJobRootKey(job)}/renders/${CHUNKS_FOLDER}/`;
  const prefix = allRuns ? chunksPrefix : `${chunksPrefix}${runFolder(job.runId)}/`;
  const stored = await dependencies.storage.list({ prefix });
  await Promise.all(stored.map(({ key }) => dependencies.storage.delete({ key })));
  return stored.length;
}
