import type { JobEventRef } from '@reel/lambda-kit';
import type { TranscodeResult } from '@reel/manifest';
import type { Observability } from '@reel/observability';
import { buildJobKey, buildJobRootKey, type MediaStorage } from '@reel/storage';

/** The job folders a transcode writes a version folder into. */
export const TRANSCODE_KINDS = ['renditions/cmaf', 'renditions/mp4', 'thumbnails'] as const;
export type TranscodeKind = (typeof TRANSCODE_KINDS)[number];

export type PreviousVersion = TranscodeResult['previousVersions'][number];

const HOUR_MS = 3_600_000;

function versionNumber(version: string): number {
  return Number(version.slice(1));
}

/**
 * The version folder of the next transcode: one above every version the job's last result
 * names (its own and the older ones still stored), `v1` for the first.
 *
 * @example
 * nextVersion({ version: 'v3', previousVersions: [{ version: 'v2', … }] , … }); // 'v4'
 */
export function nextVersion(
  previous: Pick<TranscodeResult, 'version' | 'previousVersions'> | undefined,
): string {
  if (previous === undefined) return 'v1';
  const numbers = [
    previous.version,
    ...previous.previousVersions.map(({ version }) => version),
  ].map(versionNumber);
  return `v${Math.max(...numbers) + 1}`;
}

/**
 * The key of one file of a version: `{job}/{kind}/{version}/{name}`.
 *
 * @example
 * versionKey(job, 'renditions/cmaf', 'v2', '720p/seg-00001.m4s'); // 'dev/acme/ep-42/renditions/cmaf/v2/720p/seg-00001.m4s'
 */
export function versionKey(
  job: JobEventRef,
  kind: TranscodeKind,
  version: string,
  name: string,
): string {
  return buildJobKey({ ...job, kind, name: `${version}/${name}` });
}

/**
 * Removes every object of one version folder (in all three kinds): what a failed attempt wrote
 * of its version, or an expired older version. Returns how many objects went.
 */
export async function removeVersion({
  job,
  storage,
  version,
}: {
  job: JobEventRef;
  storage: Pick<MediaStorage, 'list' | 'delete'>;
  version: string;
}): Promise<number> {
  const root = buildJobRootKey(job);
  const stored = (
    await Promise.all(
      TRANSCODE_KINDS.map((kind) => storage.list({ prefix: `${root}/${kind}/${version}/` })),
    )
  ).flat();
  await Promise.all(stored.map(({ key }) => storage.delete({ key })));
  return stored.length;
}

/**
 * What becomes of the versions before this transcode once it is published: the version that was
 * current is superseded now and kept; the older ones whose `supersededAt` is `retentionHours` or
 * more ago expire (to be removed), the rest are kept. A version superseded now is never removed
 * by the same transcode, even at `retentionHours` 0: the manifest still points at it until this
 * transcode's result is recorded.
 *
 * @example
 * supersede({ previous, now: new Date(), retentionHours: 168 }); // { kept: [{ version: 'v2', … }, { version: 'v3', supersededAt: now }], expired: [{ version: 'v1', … }] }
 */
export function supersede({
  previous,
  now,
  retentionHours,
}: {
  previous: Pick<TranscodeResult, 'version' | 'previousVersions'> | undefined;
  now: Date;
  retentionHours: number;
}): { kept: PreviousVersion[]; expired: PreviousVersion[] } {
  if (previous === undefined) return { kept: [], expired: [] };
  const expiresBeforeMs = now.getTime() - retentionHours * HOUR_MS;
  const older = previous.previousVersions.filter(({ version }) => version !== previous.version);
  const isExpired = ({ supersededAt }: PreviousVersion) =>
    Date.parse(supersededAt) <= expiresBeforeMs;
  return {
    kept: [
      ...older.filter((entry) => !isExpired(entry)),
      { version: previous.version, supersededAt: now.toISOString() },
    ],
    expired: older.filter(isExpired),
  };
}

/**
 * Removes the versions whose retention has passed; one that cannot be removed now stays listed
 * (with its supersededAt), so the next transcode tries again instead of losing track of it.
 */
export async function removeExpiredVersions({
  job,
  storage,
  expired,
  observability,
}: {
  job: JobEventRef;
  storage: Pick<MediaStorage, 'list' | 'delete'>;
  expired: PreviousVersion[];
  observability: Observability;
}): Promise<PreviousVersion[]> {
  const notRemoved: PreviousVersion[] = [];
  for (const entry of expired) {
    const { version } = entry;
    try {
      const removed = await removeVersion({ job, storage, version });
      observability.logger.info('Removed an expired version', { version, objects: removed });
    } catch (error) {
      observability.logger.warn('An expired version could not be removed yet', { version, error });
      notRemoved.push(entry);
    }
  }
  return notRemoved;
}
