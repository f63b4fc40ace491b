import { parseCutPlan } from '@reel/cut-plan';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseJobRef } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import {
  applyCutPlanChange,
  describeCutPlan,
  describeCutPlanVersions,
  exportCutPlan,
  loadStoredCutPlan,
  type CutPlanChange,
  type StoredCutPlan,
} from '../cut-plan-view';
import { planHelp } from '../help-texts';
import { UsageError } from '../usage-error';

const CHANGE_OPTIONS = ['toggle', 'keep', 'cut', 'use'] as const;

/**
 * `reel plan --job ID`: the cut plan as a table or JSON, exported for an editor, its versions
 * listed, or changed (`--toggle/--keep/--cut N`, `--use V`) as a new current version.
 */
export async function planCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, {
    ...jobScopeOptions,
    job: { type: 'string', short: 'j' },
    export: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'all-segments': { type: 'boolean', default: false },
    toggle: { type: 'string' },
    keep: { type: 'string' },
    cut: { type: 'string' },
    use: { type: 'string' },
    versions: { type: 'boolean', default: false },
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
  if (values['all-segments'] && format === undefined) {
    throw new UsageError('--all-segments goes with --export edl|fcpxml.');
  }
  const changes = CHANGE_OPTIONS.filter((name) => values[name] !== undefined);
  const actions = [...changes, ...(values.versions ? ['versions'] : [])];
  if (actions.length + (format === undefined ? 0 : 1) > 1) {
    throw new UsageError(
      `Give one of --toggle, --keep, --cut, --use, --versions or --export at a time (got ${[...actions, ...(format === undefined ? [] : ['export'])].map((name) => `--${name}`).join(', ')}).`,
    );
  }
  const dependencies = loadCliDependencies(parseEnvOption(values.env));
  const stored = await loadStoredCutPlan(dependencies, ref);
  if (values.versions) {
    console.log(
      values.json
        ? JSON.stringify(stored.result.versions ?? [], null, 2)
        : `Cut plan versions of job ${ref.jobId} (tenant ${ref.tenantId})\n${describeCutPlanVersions(stored)}`,
    );
    return 0;
  }
  const changeName = changes[0];
  if (changeName !== undefined) {
    const change = parseChange(changeName, values[changeName] ?? '', stored);
    const { plan, record } = await applyCutPlanChange(dependencies, ref, stored, change);
    console.log(
      values.json
        ? JSON.stringify(plan, null, 2)
        : `Plan version ${record.version} of job ${ref.jobId} is current (${change.kind === 'use' ? `use ${record.version}` : record.change})\n${describeCutPlan(plan)}`,
    );
    return 0;
  }
  const plan = parseCutPlan(stored.text);
  if (format !== undefined) {
    const allSegments = values['all-segments'];
    const path = await exportCutPlan(plan, {
      format,
      outPath: values.out ?? `${ref.jobId}.${format}`,
      title: ref.jobId,
      allSegments,
    });
    const kept = plan.segments.filter((segment) => segment.action === 'keep').length;
    const carried = allSegments
      ? `all ${plan.segments.length} segments (${plan.segments.length - kept} cut ones marked)`
      : `${kept} kept segments`;
    console.log(`Wrote ${format.toUpperCase()} with ${carried} to ${path}`);
    return 0;
  }
  console.log(
    values.json
      ? JSON.stringify(plan, null, 2)
      : `Cut plan of job ${ref.jobId} (tenant ${ref.tenantId}, version ${stored.result.version ?? 'unrecorded'})\n${describeCutPlan(plan)}`,
  );
  return 0;
}

/** The change a verb asks for, with its number checked against the plan: UsageError (exit 2) otherwise. */
function parseChange(
  name: (typeof CHANGE_OPTIONS)[number],
  value: string,
  stored: StoredCutPlan,
): CutPlanChange {
  const number = /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;
  if (name === 'use') {
    const known = (stored.result.versions ?? []).map(({ version }) => version);
    if (number === undefined || !known.includes(number)) {
      throw new UsageError(`--use ${value}: there is no plan version ${value}.`, {
        advice:
          known.length === 0
            ? 'This plan has no recorded versions yet.'
            : `Stored versions: ${known.join(', ')} (npx reel plan --versions lists them).`,
      });
    }
    return { kind: 'use', version: number };
  }
  const count = parseCutPlan(stored.text).segments.length;
  if (number === undefined || number > count) {
    throw new UsageError(`--${name} ${value}: there is no segment ${value}.`, {
      advice: `Segments are numbered 1 to ${count}, as in the # column of npx reel plan.`,
    });
  }
  return { kind: 'segment', edit: name, segmentNumber: number };
}
