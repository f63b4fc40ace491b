import { describe, expect, it } from 'vitest';
import {
  buildRenderAudioGraphArgs,
  type RenderAudioGraphArgsOptions,
} from './build-render-audio-graph-args';

const base: RenderAudioGraphArgsOptions = {
  inputs: [{ path: '/s/episode.m4a' }],
  filterScriptPath: '/s/graph.txt',
  audioOut: 'cut_a',
  output: '/s/episode.flac',
  readLimitSec: 61,
  maxOutputBytes: 1_000_000,
};

describe('Function: buildRenderAudioGraphArgs', () => {
  it('reads the graph from a file and writes only its sound, losslessly', () => {
    // prettier-ignore
    expect(buildRenderAudioGraphArgs(base)).toEqual([
      '-t', '61.000000', '-i', '/s/episode.m4a',
      '-filter_complex_script', '/s/graph.txt',
      '-map', '[cut_a]',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-c:a', 'flac', '-sample_fmt', 's32', '-bits_per_raw_sample', '24',
      '-fs', '1000000',
      '-f', 'flac', '-y', '/s/episode.flac',
    ]);
  });

  it('maps no picture and encodes no video', () => {
    const args = buildRenderAudioGraphArgs(base);
    expect(args.filter((arg) => arg === '-map')).toHaveLength(1);
    expect(args).not.toContain('-c:v');
  });

  it.each([
    ['no input', { inputs: [] }],
    ['a relative input', { inputs: [{ path: 'in.m4a' }] }],
    ['a relative output', { output: 'episode.flac' }],
    ['a label with brackets', { audioOut: '[a]' }],
  ])('rejects %s', (_, override) => {
    expect(() => buildRenderAudioGraphArgs({ ...base, ...override })).toThrow(TypeError);
  });
});
