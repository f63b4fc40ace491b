import { join, resolve } from 'node:path';

// This module runs from tools/reel-cli/src/ (sources, in tests) or dist/tools/reel-cli/ (the built
// CLI): the workspace root is three levels up from either.
/** The repository root. */
export const workspaceRoot = resolve(import.meta.dirname, '../../..');
/** Where `nx build` puts each service's bundle (`<service>/index.mjs`). */
export const bundlesDir = join(workspaceRoot, 'dist/apps');
/** The stand-in Lambda execution environment each service host runs. */
export const lambdaHostScript = join(workspaceRoot, 'tools/reel-cli/host/lambda-host.mjs');
