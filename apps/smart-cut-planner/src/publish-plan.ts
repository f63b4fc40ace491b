import { serializeCutPlan, writeEdl, writeFcpxml, type CutPlan } from '@reel/cut-plan';
import { publishStepOutputs, type JobEventRef } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import { buildJobKey, type MediaStorage } from '@reel/storage';

export interface PublishedPlan {
  planKey: string;
  edlKey: string;
  fcpxmlKey: string;
  outputs: StepOutput[];
}

/**
 * Publishes the plan and its exports under the job's `plan/` folder: the exports first and
 * `cut-plan.json` last, so a stored plan always has exports from the same attempt beside it.
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
  const outputs = await publishStepOutputs({
    job,
    kind: 'plan',
    files: [
      { name: 'cut-plan.edl', text: writeEdl(plan), contentType: 'text/plain; charset=utf-8' },
      { name: 'cut-plan.fcpxml', text: writeFcpxml(plan), contentType: 'application/xml' },
      { name: 'cut-plan.json', text: serializeCutPlan(plan), contentType: 'application/json' },
    ],
    storage,
    scratchDir,
    signal,
    inOrder: true,
  });
  const keyOf = (name: string) => buildJobKey({ ...job, kind: 'plan', name });
  return {
    planKey: keyOf('cut-plan.json'),
    edlKey: keyOf('cut-plan.edl'),
    fcpxmlKey: keyOf('cut-plan.fcpxml'),
    outputs,
  };
}
