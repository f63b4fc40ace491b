import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { InvalidRequestError, NotFoundError, RateLimitedError } from '@reel/error-taxonomy';
import { buildClipKey } from '@reel/storage';
import type { AudioClipsDependencies } from './audio-clips-dependencies';
import type { ClipRecord, ClipRef } from './clip-record';
import type { ClipResponse } from './clip-request';

/** How long every minted clip URL is valid (the source design's 24 h presigned URL). */
export const CLIP_URL_EXPIRY_SEC = 86_400;
/** A claim not completed by then was abandoned (its Lambda timed out at 30 s): another may cut. */
export const CLIP_CLAIM_TTL_MS = 60_000;
/** How long ffmpeg's URL to the episode MP3 is valid: the cut reads it at once. */
const SOURCE_URL_EXPIRY_SEC = 300;
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 200;

export interface GetAudioClipOptions {
  tenantId: string;
  episodeId: string;
  startMs: number;
  durationMs: number;
  dependencies: AudioClipsDependencies;
  deadlineAtMs: number;
  signal: AbortSignal;
}

/**
 * A clip of one of the tenant's episodes, from the cache or cut now. The episode is a job of this
 * tenant with extracted audio (`results.audio`), else NotFoundError (another tenant's too); a range
 * past its end is InvalidRequestError with the episode's length. One record per clip: a miss
 * claims it with a conditional write, so of any number of concurrent requests one cuts (through the
 * generation slots: 429 past the limit, the claim given back) and the others wait for its record to
 * be ready; a ready record with at least a URL's lifetime left whose object still exists is a hit
 * (no ffmpeg, no object read; one existence check). A ready record whose object is gone is claimed
 * over (its token) and cut again.
 *
 * @example
 * const answer = await getAudioClip({ tenantId, episodeId: 'ep-1', startMs: 12_345, durationMs: 3_000, dependencies, deadlineAtMs, signal });
 */
export async function getAudioClip({
  tenantId,
  episodeId,
  startMs,
  durationMs,
  dependencies,
  deadlineAtMs,
  signal,
}: GetAudioClipOptions): Promise<ClipResponse> {
  const startedAt = performance.now();
  const { manifests, storage, clipRecords, config, settings } = dependencies;
  if (durationMs > settings.maxClipDurationMs) {
    throw new InvalidRequestError(
      `duration_ms ${durationMs} is over the longest clip, ${settings.maxClipDurationMs} ms`,
      { details: { durationMs, maxClipDurationMs: settings.maxClipDurationMs } },
    );
  }
  const manifest = await manifests.get({ tenantId, jobId: episodeId });
  const audio = manifest?.results.audio;
  if (manifest === undefined || audio === undefined) {
    throw new NotFoundError(`No episode ${episodeId} with extracted audio`, {
      advice: 'Check the episode id; an episode has a clip once its audio has been extracted.',
    });
  }
  const episodeMs = Math.floor(audio.durationSec * 1000);
  const endMs = startMs + durationMs;
  if (startMs >= episodeMs || endMs > episodeMs) {
    const what =
      startMs >= episodeMs ? `start_time_ms ${startMs} is` : `the clip's end, ${endMs} ms, is`;
    throw new InvalidRequestError(
      `${what} past the end of episode ${episodeId}, which lasts ${episodeMs} ms`,
      {
        details: { startMs, endMs, episodeDurationMs: episodeMs },
        advice: `Ask for a clip inside 0–${episodeMs} ms.`,
      },
    );
  }
  const ref: ClipRef = { env: config.env, tenantId, episodeId, startMs, endMs };
  const key = buildClipKey(ref);
  const answer = async (cacheHit: boolean): Promise<ClipResponse> => ({
    clip_url: await storage.getUrl({ key, expiresInSec: CLIP_URL_EXPIRY_SEC }),
    cache_hit: cacheHit,
    generation_time_ms: Math.round(performance.now() - startedAt),
  });

  for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
    const nowMs = Date.now();
    const record = await clipRecords.get(ref);
    // The object may be gone before its record (a lifecycle rule, a deleted job): cut it again
    // rather than answer a dead URL.
    if (
      record !== undefined &&
      isServable(record, nowMs) &&
      (await storage.exists({ key: record.key }))
    ) {
      return answer(true);
    }
    if (record?.status === 'generating' && Date.parse(record.claimExpiresAt) > nowMs) {
      if (nowMs + pollMs >= deadlineAtMs) {
        throw new RateLimitedError('The clip is still being cut; try again in a moment', {
          retryAfterSec: 1,
        });
      }
      await delay(pollMs, undefined, { signal });
      continue;
    }
    const claim = claimRecord({ ref, key, nowMs, retentionHours: settings.retentionHours });
    if (!(await clipRecords.write(claim, { expectedToken: record?.token }))) continue;
    await cutAndStore({ claim, mp3Key: audio.mp3Key, dependencies, deadlineAtMs, signal });
    return answer(false);
  }
}

/** A ready clip that outlives a new URL: the URL never points at an object gone before it expires. */
function isServable(record: ClipRecord, nowMs: number): boolean {
  return (
    record.status === 'ready' && Date.parse(record.expiresAt) - nowMs >= CLIP_URL_EXPIRY_SEC * 1000
  );
}

function claimRecord({
  ref,
  key,
  nowMs,
  retentionHours,
}: {
  ref: ClipRef;
  key: string;
  nowMs: number;
  retentionHours: number;
}): ClipRecord {
  return {
    ...ref,
    key,
    status: 'generating',
    token: randomUUID(),
    claimedAt: new Date(nowMs).toISOString(),
    claimExpiresAt: new Date(nowMs + CLIP_CLAIM_TTL_MS).toISOString(),
    expiresAt: new Date(nowMs + retentionHours * 3_600_000).toISOString(),
  };
}

/**
 * The whole episode for ffmpeg, when its MP3 has no seek index (not reel's Layer III MP3):
 * storage's URL, or the file itself locally without a public base URL.
 */
async function wholeEpisodeInput(storage: AudioClipsDependencies['storage'], mp3Key: string) {
  const sourceUrl = await storage.getUrl({ key: mp3Key, expiresInSec: SOURCE_URL_EXPIRY_SEC });
  return sourceUrl.startsWith('file:') ? fileURLToPath(sourceUrl) : sourceUrl;
}

/**
 * Cuts the claimed clip into a scratch dir from the episode's byte span (its seek index), stores
 * it and marks the record ready; gives the claim back on any failure.
 */
async function cutAndStore({
  claim,
  mp3Key,
  dependencies: { slots, storage, runtime, clipRecords, settings, episodeSpans },
  deadlineAtMs,
  signal,
}: {
  claim: ClipRecord;
  mp3Key: string;
  dependencies: AudioClipsDependencies;
  deadlineAtMs: number;
  signal: AbortSignal;
}): Promise<void> {
  const startedAt = performance.now();
  let slot;
  try {
    slot = slots.acquire();
  } catch (error) {
    await clipRecords.remove(claim, { token: claim.token });
    throw error;
  }
  const scratchDir = await mkdtemp(join(tmpdir(), 'reel-clip-'));
  try {
    const output = join(scratchDir, 'clip.mp3');
    const spanPath = join(scratchDir, 'episode-span.mp3');
    const span = await episodeSpans.readClipSpan({
      mp3Key,
      startMs: claim.startMs,
      endMs: claim.endMs,
      path: spanPath,
      signal,
    });
    await runtime.cutAudioClip({
      input: span === undefined ? await wholeEpisodeInput(storage, mp3Key) : spanPath,
      inputLabel: mp3Key,
      output,
      // Rounded to the ms the cut takes: at most 0.5 ms off the sample-exact start.
      startMs: span === undefined ? claim.startMs : Math.round(span.startInSpanMs),
      durationMs: claim.endMs - claim.startMs,
      deadlineAtMs,
      signal,
    });
    const { size: bytes } = await stat(output);
    await storage.putFile({ key: claim.key, path: output, contentType: 'audio/mpeg', signal });
    const readyAtMs = Date.now();
    const ready: ClipRecord = {
      ...claim,
      status: 'ready',
      token: randomUUID(),
      readyAt: new Date(readyAtMs).toISOString(),
      expiresAt: new Date(readyAtMs + settings.retentionHours * 3_600_000).toISOString(),
      generationTimeMs: Math.round(performance.now() - startedAt),
      bytes,
    };
    // Lost only if the claim expired and another request took it over: its cut stores the same clip.
    await clipRecords.write(ready, { expectedToken: claim.token });
  } catch (error) {
    await clipRecords.remove(claim, { token: claim.token });
    throw error;
  } finally {
    slot.release();
    await rm(scratchDir, { recursive: true, force: true });
  }
}
