#!/usr/bin/env node
// The `reel` command. Runs the TypeScript sources through tsx (path aliases from tsconfig.base.json),
// so `npx reel …` works in a fresh clone after `npm ci`, with no build step for the CLI itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

const { register } = await import('tsx/esm/api');
register({ tsconfig: join(cliRoot, 'tsconfig.json') });
const { main } = await import(pathToFileURL(join(cliRoot, 'src/main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
