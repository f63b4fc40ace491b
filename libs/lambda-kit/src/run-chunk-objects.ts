import { buildJobKey, buildJobRootKey, type JobKeyKind } from '@reel/storage';
import type { JobEventRef } from './job-event';
import type { ServiceDependencies } from './service-dependencies';

const CHUNKS_FOLDER = 'chunks';

/** The run's folder name under `chunks/` (a name segment must start alphanumeric). */
function runFolder(runId: string): string {
  return /^[A-Za-z0-9]/.test(runId) ? runId : `run${runId}`;
}

/** A chunk's name in its run folder: `chunk-003`. */
export function chunkFolderName(index: number): string {
  return `chunk-${String(index).padStart(3, '0')}`;
}

/**
 * Where an intermediate object of a chunked step is stored between the Map's chunk Tasks and the
 * finish Task: `{kind}/chunks/{runId}/{name}`, run-scoped so two runs never mix their chunks.
 *
 * @example
 * runChunkKey(job, 'renders', 'chunk-003.mp4'); // 'dev/acme/ep-42/renders/chunks/run-1/chunk-003.mp4'
 */
export function runChunkKey(job: JobEventRef, kind: JobKeyKind, name: string): string {
  return buildJobKey({ ...job, kind, name: `${CHUNKS_FOLDER}/${runFolder(job.runId)}/${name}` });
}

/**
 * Removes the stored chunk objects under `{kind}/chunks/`: of this run (after the join, or after a
 * chunk failed), of one folder of it (`under`: a chunk finished after the step was abandoned), or
 * of every run of the job (`allRuns`: before a new chunked run, what a crashed run left).
 * Returns the count removed.
 */
export async function removeRunChunks({
  context: { job, dependencies },
  kind,
  allRuns = false,
  under,
}: {
  context: { job: JobEventRef; dependencies: Pick<ServiceDependencies, 'storage'> };
  kind: JobKeyKind;
  allRuns?: boolean;
  under?: string;
}): Promise<number> {
  const chunksPrefix = `${buildJobRootKey(job)}/${kind}/${CHUNKS_FOLDER}/`;
  const runPrefix = `${chunksPrefix}${runFolder(job.runId)}/`;
  const prefix = allRuns ? chunksPrefix : under === undefined ? runPrefix : `${runPrefix}${under}/`;
  const stored = await dependencies.storage.list({ prefix });
  await Promise.all(stored.map(({ key }) => dependencies.storage.delete({ key })));
  return stored.length;
}
