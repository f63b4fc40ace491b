import { MANIFEST_SCHEMA_VERSION } from './job-manifest-schema';

/** One step up: takes a document of `schemaVersion` n (already a copy) and returns it at n + 1. */
type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * `migrations[n]` upgrades a stored manifest from schemaVersion n to n + 1. A new layout adds its
 * step here and bumps `MANIFEST_SCHEMA_VERSION`; readers then upgrade every older manifest.
 */
const migrations: Record<number, Migration> = {
  // v2 names the uploaded file; v1 kept only the key, whose last segment is the best name known.
  1: (document) => {
    const input = { ...(document['input'] as Record<string, unknown>) };
    const key = typeof input['key'] === 'string' ? input['key'] : '';
    input['fileName'] = key.split('/').at(-1) || 'input';
    return { ...document, schemaVersion: 2, input };
  },
  // v3 only adds optional fields (title, description, autoProcess, upload, run.number) and the
  // awaiting_upload status: a v2 document is a valid v3 one as it stands.
  2: (document) => ({ ...document, schemaVersion: 3 }),
};

/**
 * A stored manifest upgraded to the current layout, one migration at a time. Anything that is not
 * an older manifest (another version, not an object) is returned as is, for the schema to judge.
 *
 * @example
 * jobManifestSchema.parse(migrateManifest(JSON.parse(text)));
 */
export function migrateManifest(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return stored;
  let document = stored as Record<string, unknown>;
  for (
    let version = document['schemaVersion'];
    typeof version === 'number' && version < MANIFEST_SCHEMA_VERSION;
    version = document['schemaVersion']
  ) {
    const migrate = migrations[version];
    // Every layout before 3 had an input; one without is damaged, for the schema to report.
    if (migrate === undefined || typeof document['input'] !== 'object') return document;
    document = migrate(structuredClone(document));
  }
  return document;
}
