import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// `nx run <service>:deploy` runs tools/scripts/deploy.mjs after building the service.
const deployScript = join(import.meta.dirname, '../../tools/scripts/deploy.mjs');

describe('deploy script', () => {
  it('stops at once without AWS credentials and points to the offline synth', async () => {
    // Prepare: an environment with no credentials anywhere (no env vars, an empty HOME).
    const home = mkdtempSync(join(tmpdir(), 'reel-deploy-'));
    try {
      // Act
      const { exitCode, stderr } = await execa('node', [deployScript, 'audio-extraction'], {
        reject: false,
        extendEnv: false,
        env: { HOME: home, PATH: process.env['PATH'] ?? '' },
      });

      // Assess
      expect(exitCode).toBe(1);
      expect(stderr).toContain('Cannot deploy audio-extraction: no AWS credentials found.');
      expect(stderr).toContain('npx nx run infra:synth');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it.each([
    ['audio-extraction', 'Reel-Shared Reel-audio-extraction --require-approval'],
    ['video-api', 'Reel-Shared Reel-video-api Reel-Api --require-approval'],
    ['audio-clips-api', 'Reel-Shared Reel-audio-clips-api Reel-Api --require-approval'],
  ])(
    'deploys %s with the stacks it needs to answer (--dry-run prints them)',
    async (service, stacks) => {
      // Act
      const { exitCode, stdout } = await execa('node', [deployScript, service, '--dry-run'], {
        reject: false,
      });

      // Assess
      expect(exitCode).toBe(0);
      expect(stdout).toContain(
        `cdk deploy --app tsx src/main.ts --output ../dist/cdk.out ${stacks}`,
      );
    },
  );

  it('refuses a service that does not exist, naming those that do', async () => {
    const { exitCode, stderr } = await execa('node', [deployScript, 'no-such-service'], {
      reject: false,
    });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/Unknown service no-such-service: one of .*video-api/);
  });

  it('explains its usage when no service is named', async () => {
    const { exitCode, stderr } = await execa('node', [deployScript], { reject: false });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/usage: node tools\/scripts\/deploy\.mjs <service>/);
  });
});
