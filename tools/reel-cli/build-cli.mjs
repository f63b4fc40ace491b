// Builds the reel CLI into one ES module, dist/tools/reel-cli/main.mjs, with esbuild and the apps'
// bundle options (Node built-ins through `require`, so nothing is linked before it is used). Every
// command module sits behind a dynamic import that esbuild keeps lazy inside the one file, so
// `reel --help` evaluates none of them. Run by `nx run reel-cli:build` and by bin/reel.mjs when the
// built file is missing or older than a source it was built from.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const builtCliPath = join(workspaceRoot, 'dist/tools/reel-cli/main.mjs');
/** The workspace files the built CLI came from, to tell when it is stale. */
const inputsPath = join(workspaceRoot, 'dist/tools/reel-cli/main.inputs.json');
/** A new dependency version (npm ci) changes this file, so it rebuilds the CLI too. */
const LOCKFILE = 'package-lock.json';

/** Builds the CLI; written to a temp file and renamed, so a concurrent `reel` never reads half. */
export async function buildCli() {
  // Loaded here, not at the top: a `reel` whose build is current never loads esbuild. The apps'
  // bundle options are a build file of the workspace, not a lib: imported by path.
  const [{ build }, { default: appBundleOptions }] = await Promise.all([
    import('esbuild'),
    import(pathToFileURL(join(workspaceRoot, 'tools/scripts/esbuild-app.config.mjs')).href),
  ]);
  const { outputFiles, metafile } = await build({
    ...appBundleOptions,
    entryPoints: [join(workspaceRoot, 'tools/reel-cli/src/main.ts')],
    outfile: builtCliPath,
    tsconfig: join(workspaceRoot, 'tools/reel-cli/tsconfig.json'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Smaller to parse at every start; the names of errors and classes are kept for messages.
    minify: true,
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const inputs = [
    LOCKFILE,
    ...Object.keys(metafile.inputs).filter(
      (input) => !input.includes('node_modules/') && !input.includes(':'),
    ),
  ];
  await mkdir(dirname(builtCliPath), { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  await writeFile(`${inputsPath}${suffix}`, JSON.stringify(inputs));
  await writeFile(`${builtCliPath}${suffix}`, outputFiles[0].contents);
  await rename(`${inputsPath}${suffix}`, inputsPath);
  await rename(`${builtCliPath}${suffix}`, builtCliPath);
}

/** True when the built CLI is missing, or a file it was built from changed or vanished since. */
export async function isCliStale() {
  let builtMs;
  let inputs;
  try {
    builtMs = (await stat(builtCliPath)).mtimeMs;
    inputs = JSON.parse(await readFile(inputsPath, 'utf8'));
  } catch {
    return true;
  }
  const inputTimes = await Promise.all(
    inputs.map((input) =>
      stat(join(workspaceRoot, input)).then(
        (stats) => stats.mtimeMs,
        () => Infinity,
      ),
    ),
  );
  return inputTimes.some((mtimeMs) => mtimeMs > builtMs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
  console.log(`Built ${builtCliPath}`);
}
