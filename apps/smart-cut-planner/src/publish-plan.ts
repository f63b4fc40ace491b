import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  cutPlanSha256,
  cutPlanVersionName,
  cutPlanVersionOfKey,
  cutPlanVersionRecord,
  findCutPlanVersion,
  nextCutPlanVersion,
  parseCutPlan,
  replanKeepsCurrent,
  serializeCutPlan,
  summarizeCutPlan,
  writeEdl,
  writeFcpxml,
  type CutPlan,
  type CutPlanVersionRecord,
  type CutPlanVersionState,
} from '@reel/cut-plan';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { publishStepOutputs, type JobEventRef } from '@reel/lambda-kit';
import type { JobManifest, StepOutput } from '@reel/manifest';
import type { Observability } from '@reel/observability';
import { buildJobKey, type MediaStorage } from '@reel/storage';

type PlanResult = NonNullable<JobManifest['results']['plan']>;

export interface PublishedPlan {
  result: PlanResult;
  outputs: StepOutput[];
}

interface PublishPlanOptions {
  /** What the planner made this time. */
  proposal: CutPlan;
  /** The manifest's plan result before this run (a re-plan), if any. */
  previous: PlanResult | undefined;
  job: JobEventRef;
  storage: MediaStorage;
  scratchDir: string;
  observability: Observability;
  signal: AbortSignal;
}

/**
 * Stores the plan as a new version under the job's `plan/` folder (`cut-plan.v{N}.json`, never
 * rewritten) and decides what is current (`cut-plan.json`, the file users edit), by the rule of
 * `replanKeepsCurrent`: the proposal replaces the current plan only when that is the planner's own
 * untouched version. Otherwise the current plan stays: a hand edit not yet stored becomes a
 * version of its own, the proposal a further version recorded as `proposal`. A hand-edited plan
 * that does not parse is refused (InvalidRequestError) before anything is written. The EDL and
 * FCPXML are of the current plan; versions go first and `cut-plan.json` last.
 */
export async function publishPlan({
  proposal,
  previous,
  job,
  storage,
  scratchDir,
  observability,
  signal,
}: PublishPlanOptions): Promise<PublishedPlan> {
  const keyOf = (name: string) => buildJobKey({ ...job, kind: 'plan', name });
  const planKey = keyOf('cut-plan.json');
  const state: CutPlanVersionState = previous ?? {};
  const storedText =
    previous === undefined
      ? undefined
      : await readIfStored(storage, previous.planKey, scratchDir, signal);
  const storedVersions = (await storage.list({ prefix: keyOf('cut-plan.v') })).map(({ key }) =>
    cutPlanVersionOfKey(key),
  );
  let nextVersion = nextCutPlanVersion(state, storedVersions);
  const createdAt = new Date().toISOString();
  const versions = [...(state.versions ?? [])];
  const files: Array<{ name: string; text: string; contentType: string }> = [];
  const addVersion = (plan: CutPlan, text: string, by: 'planner' | 'hand', change: string) => {
    const version = nextVersion++;
    const name = cutPlanVersionName(version);
    const record = cutPlanVersionRecord({
      version,
      key: keyOf(name),
      by,
      change,
      plan,
      text,
      createdAt,
    });
    versions.push(record);
    files.push({ name, text, contentType: 'application/json' });
    return record;
  };

  const proposalText = serializeCutPlan(proposal);
  let current: { plan: CutPlan; text: string; record: CutPlanVersionRecord };
  let proposalRecord: CutPlanVersionRecord | undefined;
  const storedSha256 = storedText === undefined ? undefined : cutPlanSha256(storedText);
  if (
    storedText !== undefined &&
    storedSha256 !== undefined &&
    replanKeepsCurrent(state, storedSha256)
  ) {
    const edited = parseStoredPlan(storedText, planKey);
    const record =
      findCutPlanVersion(state, storedSha256) ??
      addVersion(
        edited,
        storedText,
        'hand',
        state.plannedSha256 === undefined ? 'plan from before versioning' : 'edited cut-plan.json',
      );
    proposalRecord = addVersion(proposal, proposalText, 'planner', 're-plan');
    current = { plan: edited, text: storedText, record };
    observability.logger.warn('Kept the hand-edited plan current; the proposal is a new version', {
      currentVersion: record.version,
      proposalVersion: proposalRecord.version,
    });
  } else {
    const record = addVersion(proposal, proposalText, 'planner', previous ? 're-plan' : 'plan');
    current = { plan: proposal, text: proposalText, record };
  }

  files.push(
    {
      name: 'cut-plan.edl',
      text: writeEdl(current.plan),
      contentType: 'text/plain; charset=utf-8',
    },
    { name: 'cut-plan.fcpxml', text: writeFcpxml(current.plan), contentType: 'application/xml' },
  );
  if (proposalRecord === undefined) {
    files.push({ name: 'cut-plan.json', text: current.text, contentType: 'application/json' });
  }
  const outputs = await publishStepOutputs({
    job,
    kind: 'plan',
    files,
    storage,
    scratchDir,
    signal,
    inOrder: true,
  });
  const { keptMs, removedMs, removedByReasonMs } = summarizeCutPlan(current.plan);
  return {
    outputs,
    result: {
      planKey,
      edlKey: keyOf('cut-plan.edl'),
      fcpxmlKey: keyOf('cut-plan.fcpxml'),
      mode: current.plan.mode,
      keptMs,
      removedMs,
      removedByReasonMs,
      version: current.record.version,
      versionKey: current.record.key,
      plannedSha256: current.record.sha256,
      ...(proposalRecord === undefined
        ? {}
        : { proposal: { version: proposalRecord.version, versionKey: proposalRecord.key } }),
      versions,
    },
  };
}

async function readIfStored(
  storage: MediaStorage,
  key: string,
  scratchDir: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!(await storage.exists({ key }))) return undefined;
  const path = join(scratchDir, 'stored-cut-plan.json');
  await storage.getToFile({ key, path, signal });
  return readFile(path, 'utf8');
}

function parseStoredPlan(text: string, planKey: string): CutPlan {
  try {
    return parseCutPlan(text);
  } catch (error) {
    throw new InvalidRequestError(
      `${planKey} was edited by hand and is not a valid cut plan: ${(error as Error).message}`,
      {
        cause: error,
        details: { key: planKey },
        advice:
          'Fix the file (the message names the segment), or make a stored version current with ' +
          '`npx reel plan --tenant T --job J --use N` (`--versions` lists them). The planner never ' +
          'overwrites a hand-edited plan.',
      },
    );
  }
}
