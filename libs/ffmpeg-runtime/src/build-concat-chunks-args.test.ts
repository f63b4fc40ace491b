import { describe, expect, it } from 'vitest';
import { buildConcatChunksArgs, buildConcatList } from './build-concat-chunks-args';
import { guardInputs } from './input-guard';

const options = {
  listPath: '/s/render-chunks.ffconcat',
  audioInputs: [{ path: '/s/in.mp4' }],
  filterScriptPath: '/s/audio.txt',
  audioOut: 'cut_a',
  output: '/s/render.mp4',
  audioBitrateKbps: 160,
  readLimitSec: 601,
};

describe('Function: buildConcatList', () => {
  it('names each chunk by its plain file name with its exact duration', () => {
    expect(
      buildConcatList([
        { relativePath: 'chunk-0.mp4', durationSec: 60 },
        { relativePath: 'chunk-1/render.mp4', durationSec: 12.04 },
      ]),
    ).toBe(
      "ffconcat version 1.0\nfile 'chunk-0.mp4'\nduration 60.000000\nfile 'chunk-1/render.mp4'\nduration 12.040000\n",
    );
  });

  it('refuses a path that could reach outside the directory or break the list', () => {
    for (const relativePath of [
      '../x.mp4',
      '/abs.mp4',
      'a/../b.mp4',
      "x'.mp4",
      '.hidden',
      'x\nfile y',
    ]) {
      expect(() => buildConcatList([{ relativePath, durationSec: 1 }])).toThrow(TypeError);
    }
    expect(() => buildConcatList([{ relativePath: 'a.mp4', durationSec: 0 }])).toThrow(TypeError);
    expect(() => buildConcatList([])).toThrow(TypeError);
  });
});

describe('Function: buildConcatChunksArgs', () => {
  it('copies the chunks picture through the concat demuxer and encodes the sound graph once', () => {
    const args = buildConcatChunksArgs(options);
    expect(args.slice(0, 8)).toEqual([
      '-t',
      '601.000000',
      '-safe',
      '1',
      '-f',
      'concat',
      '-i',
      '/s/render-chunks.ffconcat',
    ]);
    expect(args.join(' ')).toContain(
      '-t 601.000000 -i /s/in.mp4 -filter_complex_script /s/audio.txt',
    );
    expect(args.join(' ')).toContain('-map 0:v:0 -map [cut_a]');
    expect(args.join(' ')).toContain('-c:v copy -c:a aac -profile:a aac_low -b:a 160k');
    expect(args.slice(-6)).toEqual(['-movflags', '+faststart', '-f', 'mp4', '-y', '/s/render.mp4']);
  });

  it('lets the input guard bind the list and its entries to the allow-lists', () => {
    const guarded = guardInputs(buildConcatChunksArgs(options), { allowedFormats: ['mov'] });
    const listAt = guarded.indexOf('/s/render-chunks.ffconcat');
    expect(guarded.slice(listAt - 5, listAt)).toEqual([
      '-protocol_whitelist',
      'file,pipe',
      '-format_whitelist',
      'concat,mov',
      '-i',
    ]);
  });

  it('refuses relative paths and labels that are not graph labels', () => {
    expect(() => buildConcatChunksArgs({ ...options, listPath: 'chunks.txt' })).toThrow(TypeError);
    expect(() => buildConcatChunksArgs({ ...options, audioOut: 'a];[b' })).toThrow(TypeError);
  });
});
