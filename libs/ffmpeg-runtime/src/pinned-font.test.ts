import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { PINNED_FONT_FILE_NAME } from './pinned-font';

describe('Function: createFfmpegRuntime (pinned font)', () => {
  it("finds the pinned font in the lib's assets by default", () => {
    // Act
    const runtime = createFfmpegRuntime();

    // Assess: a TrueType file (version 1.0 tag) beside its licence
    expect(runtime.fontFile).toBe(join(runtime.fontsDir, PINNED_FONT_FILE_NAME));
    expect([...readFileSync(runtime.fontFile).subarray(0, 4)]).toEqual([0, 1, 0, 0]);
    expect(readFileSync(join(runtime.fontsDir, 'LICENSE'), 'utf8')).toContain('Bitstream Vera');
  });

  it('uses the configured fonts folder', () => {
    const runtime = createFfmpegRuntime({ fontsDir: '/opt/reel/fonts' });
    expect(runtime.fontsDir).toBe('/opt/reel/fonts');
    expect(runtime.fontFile).toBe('/opt/reel/fonts/DejaVuSans.ttf');
  });

  it('refuses an empty fonts folder path', () => {
    expect(() => createFfmpegRuntime({ fontsDir: ' ' })).toThrow(/fontsDir must be a folder path/);
  });
});
