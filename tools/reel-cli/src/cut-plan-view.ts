import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  cutPlanSha256,
  cutPlanVersionName,
  cutPlanVersionOfKey,
  cutPlanVersionRecord,
  editCutPlanSegment,
  findCutPlanVersion,
  isCutPlanHandEdited,
  nextCutPlanVersion,
  parseCutPlan,
  serializeCutPlan,
  summarizeCutPlan,
  writeEdl,
  writeFcpxml,
  type CutPlan,
  type CutPlanVersionRecord,
  type SegmentEdit,
} from '@reel/cut-plan';
import { InputMissingError, InvalidRequestError } from '@reel/error-taxonomy';
import { updateManifest, type JobManifest } from '@reel/manifest';
import type { CliDependencies } from './cli-dependencies';
import { formatTable } from './format';

type PlanResult = NonNullable<JobManifest['results']['plan']>;
type JobRef = { tenantId: string; jobId: string };

/** `m:ss.mmm` (or `h:mm:ss.mmm` past an hour). */
export function formatTimestamp(ms: number): string {
  const totalSec = Math.floor(ms / 1000);
  const hours = Math.floor(totalSec / 3600);
  const minutes = Math.floor((totalSec % 3600) / 60);
  const seconds = String(totalSec % 60).padStart(2, '0');
  const millis = String(Math.round(ms % 1000)).padStart(3, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}.${millis}`
    : `${minutes}:${seconds}.${millis}`;
}

/** The job's plan result and its current plan file as stored (not yet parsed). */
export interface StoredCutPlan {
  result: PlanResult;
  text: string;
  sha256: string;
}

/** The manifest's plan result and the current plan's text; typed errors when there is none. */
export async function loadStoredCutPlan(
  dependencies: Pick<CliDependencies, 'manifests' | 'storage'>,
  ref: JobRef,
): Promise<StoredCutPlan> {
  const manifest = await dependencies.manifests.get(ref);
  if (!manifest) throw new InputMissingError(`No job ${ref.jobId} for tenant ${ref.tenantId}`);
  const result = manifest.results.plan;
  if (!result) {
    throw new InputMissingError(
      `Job ${ref.jobId} has no cut plan yet (status ${manifest.status})`,
      {
        advice: `Run the workflow first: npx reel run --tenant ${ref.tenantId} --job ${ref.jobId}`,
      },
    );
  }
  const text = await readText(dependencies, result.planKey);
  return { result, text, sha256: cutPlanSha256(text) };
}

/** The job's stored cut plan (`plan/cut-plan.json`), validated; typed errors when absent or damaged. */
export async function loadCutPlan(
  dependencies: Pick<CliDependencies, 'manifests' | 'storage'>,
  ref: JobRef,
): Promise<CutPlan> {
  return parseCutPlan((await loadStoredCutPlan(dependencies, ref)).text);
}

/** A change `reel plan` makes: one segment kept or cut, or a stored version made current. */
export type CutPlanChange =
  { kind: 'segment'; edit: SegmentEdit; segmentNumber: number } | { kind: 'use'; version: number };

/**
 * Applies a change as a new current plan: a segment edit is stored as a new hand-made version, a
 * `use` makes the stored version current. A hand edit of `cut-plan.json` not yet recorded is
 * stored as a version of its own first, so nothing is lost. Order: version files, then (after
 * checking no one changed the plan meanwhile) the exports and `cut-plan.json`, then the
 * manifest's plan result (optimistic, versioned update). Returns the new plan and its version.
 */
export async function applyCutPlanChange(
  dependencies: Pick<CliDependencies, 'manifests' | 'storage'>,
  ref: JobRef,
  stored: StoredCutPlan,
  change: CutPlanChange,
): Promise<{ plan: CutPlan; record: CutPlanVersionRecord }> {
  const { result } = stored;
  const { storage } = dependencies;
  const folder = result.planKey.slice(0, result.planKey.lastIndexOf('/') + 1);
  const listed = await storage.list({ prefix: `${folder}cut-plan.v` });
  let nextVersion = nextCutPlanVersion(
    result,
    listed.map(({ key }) => cutPlanVersionOfKey(key)),
  );
  const versions = [...(result.versions ?? [])];
  const createdAt = new Date().toISOString();
  const addVersion = async (plan: CutPlan, text: string, changeNote: string) => {
    const version = nextVersion++;
    const key = `${folder}${cutPlanVersionName(version)}`;
    const record = cutPlanVersionRecord({
      version,
      key,
      by: 'hand',
      change: changeNote,
      plan,
      text,
      createdAt,
    });
    await putText(dependencies, key, text);
    versions.push(record);
    return record;
  };

  const currentPlan = tryParse(stored.text);
  if (
    currentPlan !== undefined &&
    isCutPlanHandEdited(result, stored.sha256) &&
    findCutPlanVersion(result, stored.sha256) === undefined
  ) {
    await addVersion(
      currentPlan,
      stored.text,
      result.plannedSha256 === undefined ? 'plan from before versioning' : 'edited cut-plan.json',
    );
  }
  let plan: CutPlan;
  let text: string;
  let record: CutPlanVersionRecord;
  if (change.kind === 'segment') {
    plan = editCutPlanSegment(currentPlan ?? parseCutPlan(stored.text), change);
    text = serializeCutPlan(plan);
    record = await addVersion(plan, text, `${change.edit} ${change.segmentNumber}`);
  } else {
    const chosen = versions.find(({ version }) => version === change.version);
    if (chosen === undefined) {
      throw new InvalidRequestError(`There is no plan version ${change.version}`, {
        details: { version: change.version },
        advice: 'List the versions with npx reel plan --versions.',
      });
    }
    record = chosen;
    text = await readText(dependencies, record.key);
    plan = parseCutPlan(text);
  }

  const isUnchanged = (latest: PlanResult | undefined) =>
    latest?.version === result.version && latest?.plannedSha256 === result.plannedSha256;
  const refuseChanged = () =>
    new InvalidRequestError('The cut plan changed while this edit was made; nothing was changed', {
      details: { jobId: ref.jobId },
      advice: 'Look at the plan again (npx reel plan) and repeat the edit.',
    });
  if (!isUnchanged((await dependencies.manifests.get(ref))?.results.plan)) throw refuseChanged();
  if (result.edlKey) await putText(dependencies, result.edlKey, writeEdl(plan));
  if (result.fcpxmlKey) await putText(dependencies, result.fcpxmlKey, writeFcpxml(plan));
  await putText(dependencies, result.planKey, text);
  const { keptMs, removedMs, removedByReasonMs } = summarizeCutPlan(plan);
  await updateManifest(dependencies.manifests, ref, (draft) => {
    const latest = draft.results.plan;
    if (!latest || !isUnchanged(latest)) throw refuseChanged();
    const { proposal, ...rest } = latest;
    draft.results.plan = {
      ...rest,
      mode: plan.mode,
      keptMs,
      removedMs,
      removedByReasonMs,
      version: record.version,
      versionKey: record.key,
      plannedSha256: cutPlanSha256(text),
      ...(proposal === undefined || proposal.version === record.version ? {} : { proposal }),
      versions,
    };
  });
  return { plan, record };
}

/** The stored versions as a table: number, created, by whom and why, kept and removed time. */
export function describeCutPlanVersions(stored: StoredCutPlan): string {
  const { result } = stored;
  const versions = result.versions ?? [];
  if (versions.length === 0) {
    return '  No versions recorded: the plan predates versioning. The next edit or re-plan records it.';
  }
  const rows = versions.map((record) => [
    String(record.version),
    record.createdAt.replace('T', ' ').slice(0, 19),
    record.by,
    record.change ?? '',
    `${(record.keptMs / 1000).toFixed(2)} s`,
    `${(record.removedMs / 1000).toFixed(2)} s`,
    record.version === result.version
      ? 'current'
      : record.version === result.proposal?.version
        ? 'proposal'
        : '',
  ]);
  const edited = isCutPlanHandEdited(result, stored.sha256)
    ? [
        '',
        '  cut-plan.json has hand edits not yet recorded: the next edit or re-plan stores them as a version.',
      ]
    : [];
  return [
    formatTable(
      [['VERSION', 'CREATED (UTC)', 'BY', 'CHANGE', 'KEPT', 'REMOVED', ''], ...rows],
      '  ',
    ),
    ...edited,
  ].join('\n');
}

async function readText(
  { storage }: Pick<CliDependencies, 'storage'>,
  key: string,
): Promise<string> {
  return (await buffer(await storage.getStream({ key }))).toString('utf8');
}

async function putText(
  { storage }: Pick<CliDependencies, 'storage'>,
  key: string,
  text: string,
): Promise<void> {
  await storage.putStream({ key, body: Readable.from([text]) });
}

function tryParse(text: string): CutPlan | undefined {
  try {
    return parseCutPlan(text);
  } catch {
    return undefined;
  }
}

/** The plan as a table a producer reads: every segment, then totals by reason. */
export function describeCutPlan(plan: CutPlan): string {
  const summary = summarizeCutPlan(plan);
  const rows = plan.segments.map((segment, index) => [
    String(index + 1),
    segment.action === 'keep' ? 'keep' : plan.mode,
    formatTimestamp(segment.startMs),
    formatTimestamp(segment.endMs),
    `${((segment.endMs - segment.startMs) / 1000).toFixed(2)} s`,
    segment.reason ?? '',
    segment.confidence === undefined ? '' : segment.confidence.toFixed(2),
  ]);
  const reasons = Object.entries(summary.removedByReasonMs)
    .filter(([, ms]) => ms > 0)
    .map(([reason, ms]) => `${reason} ${(ms / 1000).toFixed(2)} s`)
    .join(', ');
  return [
    formatTable([['#', 'ACTION', 'START', 'END', 'LENGTH', 'REASON', 'CONFIDENCE'], ...rows], '  '),
    '',
    `  mode ${plan.mode}: kept ${(summary.keptMs / 1000).toFixed(2)} s in ${summary.keptSegments} segments, removed ${(summary.removedMs / 1000).toFixed(2)} s${reasons ? ` (${reasons})` : ''}; result ${plan.mode === 'speed' ? 'over ' : ''}${(summary.outputDurationMs / 1000).toFixed(2)} s${plan.mode === 'speed' ? ' (the sped-up spans add to it)' : ''}`,
  ].join('\n');
}

/** Writes the plan as an editor file (CMX 3600 EDL or FCPXML) and returns where. */
export async function exportCutPlan(
  plan: CutPlan,
  {
    format,
    outPath,
    title,
    allSegments = false,
  }: { format: 'edl' | 'fcpxml'; outPath: string; title: string; allSegments?: boolean },
): Promise<string> {
  const text =
    format === 'edl'
      ? writeEdl(plan, { title, allSegments })
      : writeFcpxml(plan, { title, allSegments });
  const path = resolve(outPath);
  await writeFile(path, text);
  return path;
}
