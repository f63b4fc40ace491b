import { describe, expect, it } from 'vitest';
import { DEFAULT_INPUT_FORMATS, guardInputs } from './input-guard';

const uploadFormats = DEFAULT_INPUT_FORMATS.join(',');

describe('Function: guardInputs', () => {
  it('puts both allow-lists directly in front of every -i', () => {
    // Prepare
    const args = ['-ss', '5', '-i', '/a.mp4', '-i', '/b.wav', '-map', '0:v', '/out.mp4'];

    // Act
    const guarded = guardInputs(args);

    // Assess
    const guard = ['-protocol_whitelist', 'file,pipe', '-format_whitelist', uploadFormats];
    expect(guarded).toEqual([
      '-ss',
      '5',
      ...guard,
      '-i',
      '/a.mp4',
      ...guard,
      '-i',
      '/b.wav',
      '-map',
      '0:v',
      '/out.mp4',
    ]);
  });

  it('adds a format forced directly in front of -i to that input only', () => {
    // Prepare
    const args = ['-f', 'lavfi', '-i', 'sine', '-i', '/upload.mp4', '/out.mp3'];

    // Act
    const guarded = guardInputs(args, { allowedFormats: ['mp4'] });

    // Assess
    expect(guarded.filter((_, index) => guarded[index - 1] === '-format_whitelist')).toEqual([
      'lavfi,mp4',
      'mp4',
    ]);
  });

  it('does not take an output format for an input format', () => {
    // Prepare: `-f hls` belongs to the output /x.m3u8, not to the input after it.
    const args = ['-i', '/a.mp4', '-f', 'hls', '/x.m3u8', '-i', '/b.mp4'];

    // Act
    const guarded = guardInputs(args, { allowedFormats: ['mp4'] });

    // Assess
    expect(guarded.filter((_, index) => guarded[index - 1] === '-format_whitelist')).toEqual([
      'mp4',
      'mp4',
    ]);
  });

  it('refuses an -i without an input or followed by an option', () => {
    // Act & Assess
    expect(() => guardInputs(['-i'])).toThrow(TypeError);
    expect(() => guardInputs(['-metadata', '-i', '-i', 'http://x/'])).toThrow(TypeError);
  });

  it('refuses format names that could smuggle a list entry', () => {
    // Act & Assess
    expect(() => guardInputs(['-i', '/a'], { allowedFormats: ['mp4,hls'] })).toThrow(TypeError);
    expect(() => guardInputs(['-f', 'mp4,hls', '-i', '/a'])).toThrow(TypeError);
    expect(() => guardInputs(['-i', '/a'], { allowedFormats: [] })).toThrow(TypeError);
  });

  it('leaves an argv without inputs unchanged', () => {
    // Act & Assess
    expect(guardInputs(['-version'])).toEqual(['-version']);
  });
});
