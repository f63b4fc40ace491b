import { InternalError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { releaseLeaseOrWarn } from './run';

describe('Function: releaseLeaseOrWarn', () => {
  it('turns a failed lease release into a warning instead of replacing the run outcome', async () => {
    // Prepare
    const warnings: string[] = [];
    const release = () => Promise.reject(new InternalError('disk went away'));

    // Act
    const outcome = releaseLeaseOrWarn(release, 'run-20261201013300-abcdef', (text) =>
      warnings.push(text),
    );

    // Assess
    await expect(outcome).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: could not release the run lease of run-20261201013300-abcdef \(INTERNAL: disk went away\); it expires by itself within \d+ min\.\n$/,
    );
  });

  it('stays quiet when the release succeeds', async () => {
    const warnings: string[] = [];
    await releaseLeaseOrWarn(
      () => Promise.resolve(),
      'run-1',
      (text) => warnings.push(text),
    );
    expect(warnings).toEqual([]);
  });
});
