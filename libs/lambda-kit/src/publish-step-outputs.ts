import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StepOutput } from '@reel/manifest';
import type { Observability } from '@reel/observability';
import {
  buildJobKey,
  buildJobRootKey,
  putFiles,
  type JobKeyKind,
  type MediaStorage,
} from '@reel/storage';
import type { JobEventRef } from './job-event';

/** One output of a step: a file already written, or text this function writes first. */
export type StepOutputFile = {
  /** The object's name in the job's `kind` folder, e.g. `transcript.srt`. */
  name: string;
  /** Absent: guessed from the name. */
  contentType?: string;
  /** Seconds of media in the file, recorded on the output (audio, renditions). */
  durationSec?: number;
} & ({ path: string; text?: never } | { text: string; path?: never });

export interface PublishStepOutputsOptions {
  job: JobEventRef;
  /** The job folder the outputs go to, e.g. `audio`, `transcripts`, `plan`. */
  kind: JobKeyKind;
  files: readonly StepOutputFile[];
  storage: MediaStorage;
  /** The invocation's scratch dir: text outputs are written under `<scratchDir>/<kind>/`. */
  scratchDir?: string;
  signal: AbortSignal;
  /**
   * Upload one by one in the given order, e.g. a document last after the files it names, so a
   * stored document always has its companions beside it. Default: four at a time.
   */
  inOrder?: boolean;
  /**
   * Afterwards remove what an earlier attempt left in the folder that this one did not write (e.g.
   * segments of another length), so the folder holds exactly one attempt's outputs.
   */
  replaceFolder?: boolean;
  /** Logs how many stale objects `replaceFolder` removed. */
  observability?: Observability;
}

const PARALLEL_UPLOADS = 4;

/**
 * The one way a step stores its outputs: text outputs written into the scratch dir, every file
 * uploaded under `{env}/{tenant}/{job}/{kind}/` all-or-none (a failed upload removes what this call
 * stored before the error is rethrown), and the outputs returned in the order given, ready for the
 * manifest's step record.
 *
 * @example
 * const outputs = await publishStepOutputs({
 *   job, kind: 'transcripts', storage, scratchDir, signal,
 *   files: [{ name: 'transcript.json', text: json }, { name: 'transcript.srt', text: srt }],
 * });
 */
export async function publishStepOutputs({
  job,
  kind,
  files,
  storage,
  scratchDir,
  signal,
  inOrder = false,
  replaceFolder = false,
  observability,
}: PublishStepOutputsOptions): Promise<StepOutput[]> {
  const hasText = files.some((file) => file.text !== undefined);
  if (hasText && scratchDir === undefined) {
    throw new TypeError('publishStepOutputs needs a scratchDir to write text outputs into');
  }
  const textDir = join(scratchDir ?? '', kind);
  const toPut = await Promise.all(
    files.map(async (file) => {
      // The key is built first: it validates the name (no `..`) before it becomes a path.
      const key = buildJobKey({ ...job, kind, name: file.name });
      const path = file.path ?? join(textDir, file.name);
      if (file.text !== undefined) {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.text, { signal });
      }
      return { key, path, ...(file.contentType ? { contentType: file.contentType } : {}) };
    }),
  );
  const stored = await putFiles({
    storage,
    files: toPut,
    signal,
    concurrency: inOrder ? 1 : PARALLEL_UPLOADS,
  });
  if (replaceFolder) {
    await removeStale({
      storage,
      job,
      kind,
      keep: new Set(stored.map(({ key }) => key)),
      observability,
    });
  }
  return stored.map(({ key, bytes, contentType }, index) => {
    const durationSec = files[index]?.durationSec;
    return {
      key,
      bytes,
      ...(contentType ? { contentType } : {}),
      ...(durationSec === undefined ? {} : { durationSec }),
    };
  });
}

async function removeStale({
  storage,
  job,
  kind,
  keep,
  observability,
}: {
  storage: MediaStorage;
  job: JobEventRef;
  kind: JobKeyKind;
  keep: ReadonlySet<string>;
  observability: Observability | undefined;
}): Promise<void> {
  const folder = `${buildJobRootKey(job)}/${kind}/`;
  const stale = (await storage.list({ prefix: folder })).filter(({ key }) => !keep.has(key));
  await Promise.all(stale.map(({ key }) => storage.delete({ key })));
  if (stale.length > 0) {
    observability?.logger.info('Removed outputs of an earlier attempt', { objects: stale.length });
  }
}
