import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseJobRef } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { describeCutPlan, exportCutPlan, loadCutPlan } from '../cut-plan-view';
import { planHelp } from '../help-texts';
import { UsageError } from '../usage-error';

/** `reel plan --job ID`: the cut plan as a table or JSON, or exported for an editor. */
export async function planCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, {
    ...jobScopeOptions,
    job: { type: 'string', short: 'j' },
    export: { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  if (values.help) {
    console.log(planHelp);
    return 0;
  }
  const ref = parseJobRef(values);
  const format = values.export;
  if (format !== undefined && format !== 'edl' && format !== 'fcpxml') {
    throw new UsageError('--export takes edl or fcpxml.');
  }
  const plan = await loadCutPlan(loadCliDependencies(parseEnvOption(values.env)), ref);
  if (format !== undefined) {
    const path = await exportCutPlan(plan, {
      format,
      outPath: values.out ?? `${ref.jobId}.${format}`,
      title: ref.jobId,
    });
    const kept = plan.segments.filter((segment) => segment.action === 'keep').length;
    console.log(`Wrote ${format.toUpperCase()} with ${kept} kept segments to ${path}`);
    return 0;
  }
  console.log(
    values.json
      ? JSON.stringify(plan, null, 2)
      : `Cut plan of job ${ref.jobId} (tenant ${ref.tenantId})\n${describeCutPlan(plan)}`,
  );
  return 0;
}
