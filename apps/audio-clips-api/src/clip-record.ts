import * as z from 'zod';

/** Which clip: one record per (episode, start, end) of a tenant in an env. */
export interface ClipRef {
  env: string;
  tenantId: string;
  episodeId: string;
  startMs: number;
  endMs: number;
}

const isoTime = z.iso.datetime({ offset: false });

/**
 * The one record of a clip. `generating`: a request claimed it (its `token`) and is cutting it, until
 * `claimExpiresAt` (then another may take over). `ready`: the object at `key` exists until
 * `expiresAt` (the record expires with it). URLs are never stored: each answer mints its own.
 */
export const clipRecordSchema = z.object({
  env: z.string(),
  tenantId: z.string(),
  episodeId: z.string(),
  startMs: z.int().nonnegative(),
  endMs: z.int().positive(),
  key: z.string(),
  status: z.enum(['generating', 'ready']),
  /** Who wrote this state of the record: every conditional write names the one it replaces. */
  token: z.string().min(1),
  claimedAt: isoTime,
  claimExpiresAt: isoTime,
  readyAt: isoTime.optional(),
  expiresAt: isoTime,
  generationTimeMs: z.int().nonnegative().optional(),
  bytes: z.int().nonnegative().optional(),
});

export type ClipRecord = z.output<typeof clipRecordSchema>;

/**
 * Clip records with conditional writes: the single flight of clip generation. Both stores (a
 * file per clip locally, a jobs-table item on AWS) give the same answers; expired records are
 * returned as stored and judged by the caller.
 */
export interface ClipRecordStore {
  get(ref: ClipRef): Promise<ClipRecord | undefined>;
  /**
   * Writes `record` if the stored record's token is `expectedToken`, or, with `expectedToken`
   * undefined, if there is none. `false` when another write came first (nothing written).
   */
  write(record: ClipRecord, options: { expectedToken: string | undefined }): Promise<boolean>;
  /** Removes the record if its token is `token` (a claim given up); otherwise does nothing. */
  remove(ref: ClipRef, options: { token: string }): Promise<void>;
}
