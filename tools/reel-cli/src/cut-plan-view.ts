import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import {
  parseCutPlan,
  summarizeCutPlan,
  writeEdl,
  writeFcpxml,
  type CutPlan,
} from '@reel/cut-plan';
import { InputMissingError } from '@reel/error-taxonomy';
import type { CliDependencies } from './cli-dependencies';
import { formatTable } from './format';

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

/** The job's stored cut plan (`plan/cut-plan.json`), validated; typed errors when absent or damaged. */
export async function loadCutPlan(
  dependencies: Pick<CliDependencies, 'manifests' | 'storage'>,
  ref: { tenantId: string; jobId: string },
): Promise<CutPlan> {
  const manifest = await dependencies.manifests.get(ref);
  if (!manifest) throw new InputMissingError(`No job ${ref.jobId} for tenant ${ref.tenantId}`);
  const planKey = manifest.results.plan?.planKey;
  if (!planKey) {
    throw new InputMissingError(
      `Job ${ref.jobId} has no cut plan yet (status ${manifest.status})`,
      {
        advice: `Run the workflow first: npx reel run --tenant ${ref.tenantId} --job ${ref.jobId}`,
      },
    );
  }
  const stream = await dependencies.storage.getStream({ key: planKey });
  return parseCutPlan((await buffer(stream)).toString('utf8'));
}

/** The plan as a table a producer reads: every segment, then totals by reason. */
export function describeCutPlan(plan: CutPlan): string {
  const summary = summarizeCutPlan(plan);
  const rows = plan.segments.map((segment, index) => [
    String(index + 1),
    segment.action === 'keep' ? 'keep' : plan.mode === 'mute' ? 'mute' : 'cut',
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
    `  mode ${plan.mode}: kept ${(summary.keptMs / 1000).toFixed(2)} s in ${summary.keptSegments} segments, removed ${(summary.removedMs / 1000).toFixed(2)} s${reasons ? ` (${reasons})` : ''}; result ${(summary.outputDurationMs / 1000).toFixed(2)} s`,
  ].join('\n');
}

/** Writes the plan as an editor file (CMX 3600 EDL or FCPXML) and returns where. */
export async function exportCutPlan(
  plan: CutPlan,
  { format, outPath, title }: { format: 'edl' | 'fcpxml'; outPath: string; title: string },
): Promise<string> {
  const text = format === 'edl' ? writeEdl(plan, { title }) : writeFcpxml(plan, { title });
  const path = resolve(outPath);
  await writeFile(path, text);
  return path;
}
