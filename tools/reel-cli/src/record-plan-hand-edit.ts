import {
  cutPlanVersionOfKey,
  findCutPlanVersion,
  isCutPlanHandEdited,
  nextCutPlanVersion,
  parseCutPlan,
  type CutPlanVersionRecord,
} from '@reel/cut-plan';
import { InternalError } from '@reel/error-taxonomy';
import type { CliDependencies } from './cli-dependencies';
import { applyCutPlanChange, loadStoredCutPlan } from './cut-plan-view';

/**
 * Before a render: makes the bytes of `cut-plan.json` a recorded plan version, so the render's
 * `planVersion` names a version whose file holds exactly what it played. A hand edit not yet
 * recorded becomes a new version ("edited cut-plan.json") and the current one, through the same
 * code as the `reel plan` verbs (`applyCutPlanChange`, which first stores an unrecorded hand
 * edit); bytes equal to a stored version make that version current. Returns the version made
 * current, or undefined when there was nothing to record (the plan is reel's own, or it does not
 * parse: the render then refuses it with the parse error).
 *
 * @example
 * const recorded = await recordPlanHandEdit(dependencies, { tenantId: 'acme', jobId: 'ep-1' });
 * if (recorded) log(`Recorded the hand edit of cut-plan.json as plan version ${recorded.version}\n`);
 */
export async function recordPlanHandEdit(
  dependencies: Pick<CliDependencies, 'manifests' | 'storage'>,
  ref: { tenantId: string; jobId: string },
): Promise<CutPlanVersionRecord | undefined> {
  const stored = await loadStoredCutPlan(dependencies, ref);
  const { result, sha256 } = stored;
  if (!isCutPlanHandEdited(result, sha256)) return undefined;
  try {
    parseCutPlan(stored.text);
  } catch {
    return undefined;
  }
  const folder = result.planKey.slice(0, result.planKey.lastIndexOf('/') + 1);
  const listed = await dependencies.storage.list({ prefix: `${folder}cut-plan.v` });
  // The version the edit is stored as: the one applyCutPlanChange numbers it with.
  const version =
    findCutPlanVersion(result, sha256)?.version ??
    nextCutPlanVersion(
      result,
      listed.map(({ key }) => cutPlanVersionOfKey(key)),
    );
  const { record } = await applyCutPlanChange(dependencies, ref, stored, { kind: 'use', version });
  if (record.sha256 !== sha256) {
    throw new InternalError(
      `Plan version ${record.version} is not the edited cut-plan.json that was to be recorded`,
      {
        details: { jobId: ref.jobId, version: record.version },
        advice: 'Another plan version was stored meanwhile: run npx reel render again.',
      },
    );
  }
  return record;
}
