#!/usr/bin/env node
// The `reel` command. Runs the built CLI (dist/tools/reel-cli/main.mjs, one esbuild file), building
// it first when it is missing or older than its sources (esbuild: about a second), so `npx reel …`
// works in a fresh clone after `npm ci` and starts fast every time after.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const requiredNodeMajor = 24;

// `npx reel` runs on the workspace's Node 24 (the `node` devDependency); started some other way on
// an older Node, re-run on that Node 24 rather than fail halfway (the local runner needs it).
if (Number(process.versions.node.split('.')[0]) < requiredNodeMajor) {
  const workspaceNode = join(cliRoot, '../../node_modules/node/bin/node');
  if (!existsSync(workspaceNode)) {
    console.error(
      `reel needs Node.js ${requiredNodeMajor}+ (this is ${process.version}). Run \`npm ci\` in the repository, then \`npx reel\`.`,
    );
    process.exit(1);
  }
  const { status } = spawnSync(
    workspaceNode,
    [fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(status ?? 1);
}

const { buildCli, builtCliPath, isCliStale } = await import(
  pathToFileURL(join(cliRoot, 'build-cli.mjs')).href
);
if (await isCliStale()) await buildCli();
// V8's code cache for the built file: later starts skip most of parsing and compiling it.
module.enableCompileCache(join(cliRoot, '../../node_modules/.cache/reel-cli'));
const { main } = await import(pathToFileURL(builtCliPath).href);
process.exitCode = await main(process.argv.slice(2));
