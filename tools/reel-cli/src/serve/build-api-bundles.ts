import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import type { ServiceName } from '@reel/service-presets';
import { execa } from 'execa';
import { workspaceRoot } from '../workspace-paths';

/**
 * Builds the bundles of the route table's services that are apps of this workspace (nx build,
 * cached: fast when nothing changed) and returns them; a service whose app does not exist yet is
 * left out, and `reel serve` answers its routes with the missing bundle's error.
 */
export async function buildApiBundles(
  services: readonly ServiceName[],
  log: (text: string) => void,
): Promise<ServiceName[]> {
  const apps = services.filter((service) =>
    existsSync(join(workspaceRoot, 'apps', service, 'project.json')),
  );
  if (apps.length === 0) return apps;
  log(`Building ${apps.join(', ')} (nx build, cached)…\n`);
  const result = await execa(
    'npx',
    ['--no-install', 'nx', 'run-many', '-t', 'build', '-p', apps.join(','), '--outputStyle=static'],
    { cwd: workspaceRoot, reject: false, all: true, env: { NX_DAEMON: 'false' } },
  );
  if (result.exitCode !== 0) {
    process.stderr.write(String(result.all));
    throw new InternalError('Building the API bundles failed (output above)', {
      advice: `Fix the build error above, then start again (or check it with: npx nx run-many -t build -p ${apps.join(',')}).`,
    });
  }
  return apps;
}
