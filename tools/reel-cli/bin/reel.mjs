#!/usr/bin/env node
// The `reel` command. Runs the TypeScript sources through tsx (path aliases from tsconfig.base.json),
// so `npx reel …` works in a fresh clone after `npm ci`, with no build step for the CLI itself.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: join(cliRoot, 'tsconfig.json') });
const { main } = await import(pathToFileURL(join(cliRoot, 'src/main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
