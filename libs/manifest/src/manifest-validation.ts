import { InternalError, InvalidRequestError } from '@reel/error-taxonomy';
import type { z } from 'zod';
import {
  MANIFEST_SCHEMA_VERSION,
  jobManifestSchema,
  type JobManifest,
} from './job-manifest-schema';
import { migrateManifest } from './manifest-migrations';

const WHOLE_DOCUMENT = '(document)';

/**
 * Interpreted, not JIT-compiled: a process (a Lambda environment, a local host) parses a few
 * manifests, and compiling the schema costs more than it saves (11–19 ms against 4–6 ms for the
 * first read and write in a fresh process; later ones alike).
 */
const PARSE_ONCE = { jitless: true } as const;

/**
 * Parses what a store read (file text or a DynamoDB attribute) into a {@link JobManifest},
 * upgrading a manifest of an older `schemaVersion` to the current layout first. Damage — text that is not JSON, or a document that fails the schema — throws `InternalError`
 * (HTTP 500, not retryable) naming the source and the failing field path. It is reel's own state
 * that is broken, not the caller's request or media, so neither `InvalidRequest` nor `CorruptInput`
 * fits.
 *
 * @example
 * const manifest = parseStoredManifest(await readFile(path, 'utf8'), { source: path });
 */
export function parseStoredManifest(stored: unknown, { source }: { source: string }): JobManifest {
  let document: unknown = stored;
  if (typeof stored === 'string') {
    try {
      document = JSON.parse(stored);
    } catch (error) {
      throw damagedManifestError(
        source,
        [WHOLE_DOCUMENT],
        `not valid JSON (${(error as Error).message})`,
        error,
      );
    }
  }
  const schemaVersion = (document as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof schemaVersion === 'number' && schemaVersion > MANIFEST_SCHEMA_VERSION) {
    throw damagedManifestError(
      source,
      ['schemaVersion'],
      `schemaVersion ${schemaVersion} was written by a newer reel (this one reads up to ${MANIFEST_SCHEMA_VERSION}); upgrade reel`,
    );
  }
  const result = jobManifestSchema.safeParse(migrateManifest(document), PARSE_ONCE);
  if (result.success) return result.data;
  return throwWithFieldPaths(result.error, (fieldPaths, message) =>
    damagedManifestError(source, fieldPaths, message),
  );
}

/**
 * Checks a manifest a caller wants written and returns it as plain JSON data (no `undefined`, no
 * class instances). A bad manifest is the caller's bug: `InvalidRequestError` naming the field.
 *
 * @example
 * const document = prepareManifestForWrite(draft); // then JSON.stringify or marshall it
 */
export function prepareManifestForWrite(manifest: JobManifest): JobManifest {
  const result = jobManifestSchema.safeParse(JSON.parse(JSON.stringify(manifest)), PARSE_ONCE);
  if (result.success) return result.data;
  return throwWithFieldPaths(
    result.error,
    (fieldPaths, message) =>
      new InvalidRequestError(
        `Manifest of job ${String(manifest.jobId)} is invalid at ${fieldPaths[0]}: ${message}`,
        { details: { jobId: String(manifest.jobId), fieldPath: fieldPaths[0], fieldPaths } },
      ),
  );
}

/** `['steps', 'audio', 'attempts', 0, 'startedAt']` → `steps.audio.attempts[0].startedAt`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return WHOLE_DOCUMENT;
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join('');
}

function throwWithFieldPaths(
  error: z.ZodError,
  toError: (fieldPaths: [string, ...string[]], message: string) => Error,
): never {
  const [first, ...rest] = error.issues.map((issue) => formatFieldPath(issue.path));
  throw toError([first ?? WHOLE_DOCUMENT, ...rest], error.issues[0]?.message ?? 'invalid');
}

/** The error for a stored manifest that is damaged at `fieldPaths[0]` (see {@link parseStoredManifest}). */
export function damagedManifestError(
  source: string,
  fieldPaths: [string, ...string[]],
  problem: string,
  cause?: unknown,
): InternalError {
  return new InternalError(`Manifest ${source} is damaged at ${fieldPaths[0]}: ${problem}`, {
    cause,
    details: { source, fieldPath: fieldPaths[0], fieldPaths },
    advice:
      'The stored manifest is not a valid job manifest and reel will not overwrite it. Repair or restore the named field (the JSON Schema ships with @reel/manifest), then retry.',
  });
}
