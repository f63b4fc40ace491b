import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';

const workspaceRoot = join(import.meta.dirname, '../../..');
const configPath = join(workspaceRoot, 'tools/scripts/esbuild-app.config.mjs');
const { default: appBuildConfig } = (await import(configPath)) as { default: BuildOptions };

/**
 * For the app build config's tests: writes `files` into `dir` and bundles `files['entry.ts']` the
 * way `nx build` bundles an app (tools/scripts/esbuild-app.config.mjs, minified ESM for Node 24),
 * its packages from the workspace; returns the bundle's path and bytes.
 *
 * @example
 * const { outfile, bytes } = await buildLikeAnApp(dir, { 'entry.ts': `console.log('hi');` });
 */
export async function buildLikeAnApp(
  dir: string,
  files: Record<string, string>,
  { outfileName = 'index.mjs' }: { outfileName?: string } = {},
): Promise<{ outfile: string; bytes: number }> {
  for (const [name, contents] of Object.entries(files)) await writeFile(join(dir, name), contents);
  const outfile = join(dir, outfileName);
  const { metafile } = await build({
    ...appBuildConfig,
    absWorkingDir: workspaceRoot,
    entryPoints: [join(dir, 'entry.ts')],
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    // The entries live in a temp dir; their packages come from the workspace.
    nodePaths: [join(workspaceRoot, 'node_modules')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return { outfile, bytes: Object.values(metafile.outputs)[0]?.bytes ?? 0 };
}
