import { describe, expect, it } from 'vitest';
import { parseBuildConfiguration, parseEncoderNames, parseVersion } from './parse-tool-output';

describe('Function: parseVersion', () => {
  it.each([
    [
      'ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers',
      '5.1.9-0+deb12u1',
    ],
    [
      'ffprobe version 7.0.2-static https://johnvansickle.com/ffmpeg/  Copyright (c)',
      '7.0.2-static',
    ],
    ['ffmpeg version N-112233-gabcdef Copyright', 'N-112233-gabcdef'],
  ])('reads the version token of %j', (text, version) => {
    // Act & Assess
    expect(parseVersion(text)).toBe(version);
  });

  it('returns undefined for other text', () => {
    // Act & Assess
    expect(parseVersion('command not found')).toBeUndefined();
  });
});

describe('Function: parseBuildConfiguration', () => {
  it('lists the configure flags', () => {
    // Prepare
    const text = '\n  configuration:\n    --prefix=/usr\n    --enable-gpl\n    --enable-libx264\n';

    // Act & Assess
    expect(parseBuildConfiguration(text)).toEqual([
      '--prefix=/usr',
      '--enable-gpl',
      '--enable-libx264',
    ]);
  });
});

describe('Function: parseEncoderNames', () => {
  it('reads the names below the separator, not the legend', () => {
    // Prepare
    const text = [
      'Encoders:',
      ' V..... = Video',
      ' A..... = Audio',
      ' ------',
      ' V....D libx264              libx264 H.264 / AVC (codec h264)',
      ' A..... aac                  AAC (Advanced Audio Coding)',
      ' S..... mov_text             3GPP Timed Text subtitle',
    ].join('\n');

    // Act & Assess
    expect(parseEncoderNames(text)).toEqual(['libx264', 'aac', 'mov_text']);
  });
});
