// What `nx build` made for each app: its one index.mjs and the esbuild metafile beside it.
// Shared by the size budget test and `bench:cold-start`.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The size budget of one app bundle: 1 MiB, minified, everything inlined. */
export const BUNDLE_BUDGET_BYTES = 1024 * 1024;

export interface AppBundle {
  app: string;
  /** `dist/apps/<app>/index.mjs`. */
  path: string;
  bytes: number;
  /** esbuild's metafile (`meta.json`, written by the build's `metafile` option). */
  metaPath: string;
}

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<
    string,
    { bytes: number; entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }
  >;
}

/** The workspace's apps: every `apps/<name>` with a project.json tagged `type:app`. */
export async function listApps(workspaceRoot: string): Promise<string[]> {
  const appsDir = join(workspaceRoot, 'apps');
  const apps: string[] = [];
  for (const entry of await readdir(appsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const projectJson = await readFile(join(appsDir, entry.name, 'project.json'), 'utf8').catch(
      () => undefined,
    );
    if (projectJson === undefined) continue;
    const { tags = [] } = JSON.parse(projectJson) as { tags?: string[] };
    if (tags.includes('type:app')) apps.push(entry.name);
  }
  return apps.sort();
}

/** Each app's built bundle; throws naming the app whose bundle is missing (build it first). */
export async function readAppBundles({
  workspaceRoot,
  apps,
}: {
  workspaceRoot: string;
  apps: string[];
}): Promise<AppBundle[]> {
  return Promise.all(
    apps.map(async (app) => {
      const dir = join(workspaceRoot, 'dist/apps', app);
      const path = join(dir, 'index.mjs');
      const { size } = await stat(path).catch((cause: unknown) => {
        throw new Error(`${app}: no bundle at ${path}; run \`npx nx run ${app}:build\``, {
          cause,
        });
      });
      return { app, path, bytes: size, metaPath: join(dir, 'meta.json') };
    }),
  );
}

/**
 * One line per bundle over `budgetBytes`, naming the app and its size; empty when all fit.
 *
 * @example
 * const overBudget = findBundlesOverBudget({ bundles, budgetBytes: BUNDLE_BUDGET_BYTES });
 */
export function findBundlesOverBudget({
  bundles,
  budgetBytes,
}: {
  bundles: Pick<AppBundle, 'app' | 'bytes'>[];
  budgetBytes: number;
}): string[] {
  return bundles
    .filter(({ bytes }) => bytes > budgetBytes)
    .map(
      ({ app, bytes }) =>
        `${app}: index.mjs is ${formatBytes(bytes)} (${bytes} bytes), over the ${formatBytes(budgetBytes)} budget by ${bytes - budgetBytes} bytes`,
    );
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(2)} MiB`
    : `${(bytes / 1024).toFixed(0)} KiB`;
}

async function readMetafile(metaPath: string): Promise<Metafile> {
  return JSON.parse(await readFile(metaPath, 'utf8')) as Metafile;
}

function entryOutput(meta: Metafile) {
  const output = Object.values(meta.outputs).find(({ entryPoint }) => entryPoint !== undefined);
  if (output?.entryPoint === undefined) throw new Error('metafile has no entry point output');
  return { ...output, entryPoint: output.entryPoint };
}

/** `node_modules/@aws-sdk/client-s3/dist-es/…` → `@aws-sdk/client-s3`; workspace files by folder. */
function packageOf(inputPath: string): string {
  const innermost = inputPath.match(/node_modules\/(?:@[^/]+\/)?[^/]+/g)?.at(-1);
  if (innermost !== undefined) return innermost.slice('node_modules/'.length);
  return inputPath.split('/').slice(0, 2).join('/');
}

/** The packages (and workspace projects) that take the most bytes of a bundle, largest first. */
export async function largestContributors({
  metaPath,
  count,
}: {
  metaPath: string;
  count: number;
}): Promise<{ name: string; bytes: number }[]> {
  const bytesByName = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(
    entryOutput(await readMetafile(metaPath)).inputs,
  )) {
    const name = packageOf(input);
    bytesByName.set(name, (bytesByName.get(name) ?? 0) + bytesInOutput);
  }
  return [...bytesByName]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/**
 * The packages evaluated when the bundle is imported: those reachable from the entry point
 * through static imports and requires. A module reached only through `import()` is inlined but
 * evaluated on first use, so it is not listed.
 */
export async function packagesEvaluatedAtImport(metaPath: string): Promise<Set<string>> {
  const meta = await readMetafile(metaPath);
  const reached = new Set<string>();
  const pending = [entryOutput(meta).entryPoint];
  for (let input = pending.pop(); input !== undefined; input = pending.pop()) {
    if (reached.has(input)) continue;
    reached.add(input);
    for (const { path, kind, external } of meta.inputs[input]?.imports ?? []) {
      if (external !== true && kind !== 'dynamic-import') pending.push(path);
    }
  }
  return new Set([...reached].filter((input) => input.includes('node_modules/')).map(packageOf));
}
