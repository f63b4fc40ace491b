import { describe, expect, it } from 'vitest';
import { RuntimeMissingError } from '@reel/error-taxonomy';
import { REQUIRED_ENCODERS, validateRuntime } from './validate-runtime';

describe('Function: validateRuntime', () => {
  it('reports versions, build configuration and the required encoders of the installed ffmpeg', async () => {
    // Act
    const report = await validateRuntime();

    // Assess
    expect(report.ffmpegVersion).toMatch(/^(\d+\.\d+|N-)/);
    expect(report.ffprobeVersion).toBe(report.ffmpegVersion);
    expect(report.buildConfiguration).toContain('--enable-libx264');
    expect(report.encoders).toEqual(REQUIRED_ENCODERS.map((name) => ({ name, present: true })));
    expect(report).toMatchObject({ missing: [], ok: true });
  });

  it('lists a missing encoder instead of throwing', async () => {
    // Act
    const report = await validateRuntime({ requiredEncoders: ['libx264', 'libnope'] });

    // Assess
    expect(report.encoders).toEqual([
      { name: 'libx264', present: true },
      { name: 'libnope', present: false },
    ]);
    expect(report).toMatchObject({ missing: ['libnope'], ok: false });
  });

  it('throws RuntimeMissingError when ffprobe is not where the config says', async () => {
    // Act & Assess
    await expect(validateRuntime({ ffprobePath: '/opt/none/ffprobe' })).rejects.toThrow(
      RuntimeMissingError,
    );
  });
});
