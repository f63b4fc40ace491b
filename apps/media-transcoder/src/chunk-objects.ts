import type { JobEventRef, ServiceDependencies } from '@reel/lambda-kit';
import { buildJobKey, buildJobRootKey } from '@reel/storage';

const KIND = 'renditions/cmaf';
const CHUNKS_FOLDER = 'chunks';

/** The run's folder name under `chunks/` (a name segment must start alphanumeric). */
function runFolder(runId: string): string {
  return /^[A-Za-z0-9]/.test(runId) ? runId : `run${runId}`;
}

function chunkFolder(index: number): string {
  return `chunk-${String(index).padStart(3, '0')}`;
}

/**
 * Where one rung of one chunk of a chunked transcode is stored between the Map's chunk Tasks and
 * the finish Task, run-scoped so two runs never mix their chunks.
 *
 * @example
 * chunkRungKey(job, 3, '720p'); // 'dev/acme/ep-42/renditions/cmaf/chunks/run-1/chunk-003/720p.mp4'
 */
export function chunkRungKey(job: JobEventRef, index: number, rung: string): string {
  const name = `${CHUNKS_FOLDER}/${runFolder(job.runId)}/${chunkFolder(index)}/${rung}.mp4`;
  return buildJobKey({ ...job, kind: KIND, name });
}

/**
 * Where the prepare phase stores the shared AAC rendition of a chunked transcode (encoded once
 * from the whole input, so the sound has no seams at chunk joins).
 *
 * @example
 * chunkAudioKey(job); // 'dev/acme/ep-42/renditions/cmaf/chunks/run-1/audio.mp4'
 */
export function chunkAudioKey(job: JobEventRef): string {
  const name = `${CHUNKS_FOLDER}/${runFolder(job.runId)}/audio.mp4`;
  return buildJobKey({ ...job, kind: KIND, name });
}

type StorageOf = { dependencies: Pick<ServiceDependencies, 'storage'> };

/**
 * Removes the stored chunk objects of this run (after the join, or after a chunk failed), of one
 * chunk of it (`chunk`: a chunk finished after the step was abandoned), or of every run of the
 * job (`allRuns`: before a new chunked transcode, what a crashed run left). Returns the count.
 */
export async function removeRunChunks({
  context: { job, dependencies },
  allRuns = false,
  chunk,
}: {
  context: { job: JobEventRef } & StorageOf;
  allRuns?: boolean;
  chunk?: number;
}): Promise<number> {
  const chunksPrefix = `${buildJobRootKey(job)}/${KIND}/${CHUNKS_FOLDER}/`;
  const runPrefix = `${chunksPrefix}${runFolder(job.runId)}/`;
  const prefix = allRuns
    ? chunksPrefix
    : chunk === undefined
      ? runPrefix
      : `${runPrefix}${chunkFolder(chunk)}/`;
  const stored = await dependencies.storage.list({ prefix });
  await Promise.all(stored.map(({ key }) => dependencies.storage.delete({ key })));
  return stored.length;
}
