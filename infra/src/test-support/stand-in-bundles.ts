import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployedServices } from '../reel-app';

/** Stand-in build outputs: infra reads only dist/apps/<service>/{index.mjs,Dockerfile}. */
export function writeStandInBundles(bundlesDir: string): void {
  for (const service of deployedServices) {
    mkdirSync(join(bundlesDir, service), { recursive: true });
    writeFileSync(
      join(bundlesDir, service, 'index.mjs'),
      'export const handler = async () => ({});\n',
    );
    copyFileSync(
      join(import.meta.dirname, '../../ffmpeg-image/Dockerfile'),
      join(bundlesDir, service, 'Dockerfile'),
    );
  }
}
