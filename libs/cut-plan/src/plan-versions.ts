import { createHash } from 'node:crypto';
import type { CutPlan } from './cut-plan-schema';
import { summarizeCutPlan } from './summarize-cut-plan';

/** One stored version of a job's plan, as the manifest's `results.plan.versions` records it. */
export interface CutPlanVersionRecord {
  version: number;
  key: string;
  /** ISO 8601 UTC with milliseconds. */
  createdAt: string;
  /** `planner`: a proposal of the smart-cut-planner; `hand`: a user's edit or CLI verb. */
  by: 'planner' | 'hand';
  change?: string;
  sha256: string;
  keptMs: number;
  removedMs: number;
}

/** The versioning fields of the manifest's plan result (all absent before versioning). */
export interface CutPlanVersionState {
  version?: number;
  plannedSha256?: string;
  versions?: CutPlanVersionRecord[];
}

const VERSION_NAME = /^cut-plan\.v([1-9]\d{0,8})\.json$/;

/**
 * The file name of version `version` under the job's `plan/` folder.
 *
 * @example
 * cutPlanVersionName(3); // → 'cut-plan.v3.json'
 */
export function cutPlanVersionName(version: number): string {
  return `cut-plan.v${version}.json`;
}

/**
 * The version number in a key or file name such as `…/plan/cut-plan.v3.json`, else undefined.
 *
 * @example
 * cutPlanVersionOfKey('dev/acme/ep-1/plan/cut-plan.v3.json'); // → 3
 */
export function cutPlanVersionOfKey(key: string): number | undefined {
  const match = VERSION_NAME.exec(key.slice(key.lastIndexOf('/') + 1));
  return match ? Number(match[1]) : undefined;
}

/**
 * Hex sha256 of a plan file's exact text: what the manifest records as `plannedSha256`.
 *
 * @example
 * const edited = cutPlanSha256(storedText) !== manifest.results.plan.plannedSha256;
 */
export function cutPlanSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Whether the stored current plan differs from what reel last wrote: its hash is not the recorded
 * `plannedSha256`. A plan made before versioning (no hash recorded) counts as edited, since
 * nothing proves otherwise.
 *
 * @example
 * if (isCutPlanHandEdited(manifest.results.plan, cutPlanSha256(text))) …
 */
export function isCutPlanHandEdited(state: CutPlanVersionState, storedSha256: string): boolean {
  return state.plannedSha256 !== storedSha256;
}

/**
 * The re-plan rule: the planner replaces the current plan only when it is the planner's own,
 * untouched version. A hand edit of the file, or a current version made by hand (a CLI verb, or
 * an edit an earlier re-plan stored), stays current; the planner's proposal becomes a further
 * version that `reel plan --use N` can switch to.
 *
 * @example
 * const keepCurrent = replanKeepsCurrent(manifest.results.plan, cutPlanSha256(text));
 */
export function replanKeepsCurrent(state: CutPlanVersionState, storedSha256: string): boolean {
  if (isCutPlanHandEdited(state, storedSha256)) return true;
  const current = state.versions?.find(({ version }) => version === state.version);
  return current?.by === 'hand';
}

/**
 * The recorded version whose content has this hash (an edit that restores a version is that
 * version), else undefined.
 *
 * @example
 * const known = findCutPlanVersion(state, cutPlanSha256(text));
 */
export function findCutPlanVersion(
  state: CutPlanVersionState,
  sha256: string,
): CutPlanVersionRecord | undefined {
  return state.versions?.find((record) => record.sha256 === sha256);
}

/**
 * The number of the next version: one past both the recorded versions and the version files in
 * storage, so an existing version file is never rewritten.
 *
 * @example
 * const next = nextCutPlanVersion(state, storedKeys.map(cutPlanVersionOfKey));
 */
export function nextCutPlanVersion(
  state: CutPlanVersionState,
  storedVersions: ReadonlyArray<number | undefined>,
): number {
  const numbers = [
    state.version ?? 0,
    ...(state.versions ?? []).map(({ version }) => version),
    ...storedVersions.filter((version): version is number => version !== undefined),
  ];
  return Math.max(0, ...numbers) + 1;
}

/**
 * The manifest record of a version about to be stored with exactly `text` (the plan serialised).
 *
 * @example
 * const record = cutPlanVersionRecord({ version: 2, key, by: 'hand', change: 'toggle 3', plan, text, createdAt });
 */
export function cutPlanVersionRecord({
  version,
  key,
  by,
  change,
  plan,
  text,
  createdAt,
}: Omit<CutPlanVersionRecord, 'sha256' | 'keptMs' | 'removedMs'> & {
  plan: CutPlan;
  text: string;
}): CutPlanVersionRecord {
  const { keptMs, removedMs } = summarizeCutPlan(plan);
  return {
    version,
    key,
    createdAt,
    by,
    ...(change === undefined ? {} : { change }),
    sha256: cutPlanSha256(text),
    keptMs,
    removedMs,
  };
}
