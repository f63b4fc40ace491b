import { ID_PATTERN } from '@reel/storage';
import * as z from 'zod';

const isoTimestamp = z.iso.datetime({ precision: 3 });

/** An API key as stored: never the secret, only its SHA-256. */
export const apiKeyRecordSchema = z
  .object({
    keyId: z.string().regex(/^[a-z0-9]{12}$/),
    tenantId: z.string().regex(ID_PATTERN),
    name: z.string().min(1).max(64).optional(),
    /** SHA-256 of the whole token, hex. */
    secretSha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: isoTimestamp,
    revokedAt: isoTimestamp.optional(),
  })
  .strict();

export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** What listing and revoking show: no secret, no hash. */
export interface ApiKeySummary {
  keyId: string;
  tenantId: string;
  name?: string;
  createdAt: string;
  /** Set once the key is revoked; a revoked key never verifies again. */
  revokedAt?: string;
}

/** A record without its hash, for anything a person or an API response sees. */
export function toApiKeySummary({
  keyId,
  tenantId,
  name,
  createdAt,
  revokedAt,
}: ApiKeyRecord): ApiKeySummary {
  return {
    keyId,
    tenantId,
    ...(name === undefined ? {} : { name }),
    createdAt,
    ...(revokedAt === undefined ? {} : { revokedAt }),
  };
}
