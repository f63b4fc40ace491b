import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const libRoot = join(import.meta.dirname, '..');

/** Runs the probe in a fresh Node process: did one invocation load the Tracer and X-Ray? */
async function probe(tracing: 'enabled' | 'disabled') {
  const { stdout } = await execa(
    process.execPath,
    ['--import', 'tsx', join(libRoot, 'tests/support/tracer-import-probe.ts'), tracing],
    { cwd: libRoot, env: { AWS_EC2_METADATA_DISABLED: 'true' } },
  );
  return JSON.parse(stdout) as { resolved: string[]; tracing: boolean };
}

describe('Observability: X-Ray is loaded only when tracing is enabled', () => {
  it('evaluates neither the Tracer nor the X-Ray SDK in an environment without tracing', async () => {
    // Act
    const { resolved, tracing } = await probe('disabled');

    // Assess
    expect(tracing).toBe(false);
    expect(resolved).toEqual([]);
  });

  it('loads the Powertools Tracer before the first invocation runs when tracing is enabled', async () => {
    // Act
    const { resolved } = await probe('enabled');

    // Assess
    expect(resolved).toEqual(
      expect.arrayContaining(['@aws-lambda-powertools/tracer', 'aws-xray-sdk-core']),
    );
  });
});
