import { join } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { finalizeService, processingSteps } from '@reel/workflow';
import { execa } from 'execa';
import type { CliDependencies } from './cli-dependencies';
import { workspaceRoot } from './workspace-paths';

const pipelineServices = [
  ...new Set([...processingSteps.map(({ service }) => service), finalizeService]),
];

/** Builds every service bundle the workflow runs (nx build, cached: fast when nothing changed). */
export async function buildServices(log: (text: string) => void): Promise<void> {
  log('Building service bundles (nx build, cached)…\n');
  const result = await execa(
    'npx',
    [
      '--no-install',
      'nx',
      'run-many',
      '-t',
      'build',
      '-p',
      pipelineServices.join(','),
      '--outputStyle=static',
    ],
    { cwd: workspaceRoot, reject: false, all: true, env: { NX_DAEMON: 'false' } },
  );
  if (result.exitCode !== 0) {
    process.stderr.write(String(result.all));
    throw new InternalError('Building the service bundles failed (output above)', {
      advice: `Fix the build error above, then run again (or check it with: npx nx run-many -t build -p ${pipelineServices.join(',')}).`,
    });
  }
}

/** What the service hosts see: this process's environment with the storage root made absolute. */
export function hostEnvironment({ config }: CliDependencies): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    REEL_ENV: config.env,
    POWERTOOLS_DEV: undefined,
    // V8 code cache for the bundles: every run after the first starts its hosts faster.
    NODE_COMPILE_CACHE:
      process.env['NODE_COMPILE_CACHE'] ??
      join(workspaceRoot, 'node_modules/.cache/reel-lambda-hosts'),
  };
  if (config.backend === 'local') env['MEDIA_STORAGE_PATH'] = config.mediaStoragePath;
  return env;
}
