import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeCutPlan, writeEdl, writeFcpxml, type CutPlan } from '@reel/cut-plan';
import type { JobEventRef } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import { buildJobKey, putFiles, type MediaStorage } from '@reel/storage';

export interface PublishedPlan {
  planKey: string;
  edlKey: string;
  fcpxmlKey: string;
  outputs: StepOutput[];
}

/**
 * Writes the plan and its exports into the scratch dir and uploads them under the job's `plan/`
 * folder: the exports first and `cut-plan.json` last, so a stored plan always has exports from the
 * same attempt beside it. Each upload replaces the object atomically.
 */
export async function publishPlan({
  plan,
  job,
  storage,
  scratchDir,
  signal,
}: {
  plan: CutPlan;
  job: JobEventRef;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<PublishedPlan> {
  const keyOf = (name: string) => buildJobKey({ ...job, kind: 'plan', name });
  const files = [
    { name: 'cut-plan.edl', text: writeEdl(plan), contentType: 'text/plain; charset=utf-8' },
    { name: 'cut-plan.fcpxml', text: writeFcpxml(plan), contentType: 'application/xml' },
    { name: 'cut-plan.json', text: serializeCutPlan(plan), contentType: 'application/json' },
  ];
  const toPut = await Promise.all(
    files.map(async ({ name, text, contentType }) => {
      const path = join(scratchDir, name);
      await writeFile(path, text);
      return { key: keyOf(name), path, contentType };
    }),
  );
  // One at a time, in order: the plan lands after the exports made from it, and all or none stay.
  const stored = await putFiles({ storage, files: toPut, signal, concurrency: 1 });
  const outputs: StepOutput[] = stored.map(({ key, bytes }, index) => ({
    key,
    bytes,
    contentType: toPut[index]?.contentType,
  }));
  return {
    planKey: keyOf('cut-plan.json'),
    edlKey: keyOf('cut-plan.edl'),
    fcpxmlKey: keyOf('cut-plan.fcpxml'),
    outputs,
  };
}
