import { describe, expect, it } from 'vitest';
import { buildRenderGraphArgs, type RenderGraphArgsOptions } from './build-render-graph-args';

const base: RenderGraphArgsOptions = {
  inputs: [{ path: '/s/in.mp4' }],
  filterScriptPath: '/s/graph.txt',
  videoOut: 'render_scaled',
  audioOut: 'cut_a',
  output: '/s/render.mp4',
  preset: 'veryfast',
  crf: 20,
  audioBitrateKbps: 160,
  readLimitSec: 61,
  maxOutputBytes: 1_000_000,
};

describe('Function: buildRenderGraphArgs', () => {
  it('reads the graph from a file and encodes its two outputs once', () => {
    // prettier-ignore
    expect(buildRenderGraphArgs(base)).toEqual([
      '-t', '61.000000', '-i', '/s/in.mp4',
      '-filter_complex_script', '/s/graph.txt',
      '-map', '[render_scaled]', '-map', '[cut_a]',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-c:v', 'libx264', '-profile:v', 'high', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', '160k',
      '-fs', '1000000',
      '-movflags', '+faststart', '-f', 'mp4', '-y', '/s/render.mp4',
    ]);
  });

  it('loops a still image through image2, bounded by the read limit', () => {
    const args = buildRenderGraphArgs({
      ...base,
      inputs: [{ path: '/s/in.mp4' }, { path: '/s/logo.png', loop: true }],
    });
    // prettier-ignore
    expect(args.slice(4, 14)).toEqual([
      '-t', '61.000000', '-loop', '1', '-pattern_type', 'none', '-f', 'image2', '-i', '/s/logo.png',
    ]);
  });

  it('reads a still image as one image2 frame: no -loop, bounded by the read limit', () => {
    const args = buildRenderGraphArgs({
      ...base,
      inputs: [{ path: '/s/in.mp4' }, { path: '/s/logo.png', still: true }],
    });
    // prettier-ignore
    expect(args.slice(4, 12)).toEqual([
      '-t', '61.000000', '-pattern_type', 'none', '-f', 'image2', '-i', '/s/logo.png',
    ]);
    expect(args).not.toContain('-loop');
  });

  it.each([
    ['an image both still and looped', { inputs: [{ path: '/s/l.png', still: true, loop: true }] }],
    ['a relative input', { inputs: [{ path: 'in.mp4' }] }],
    ['a label with brackets', { videoOut: '[v]' }],
    ['a crf out of range', { crf: 52 }],
    ['a preset with options in it', { preset: 'fast -x' }],
    ['no input', { inputs: [] }],
  ])('refuses %s', (_name, change) => {
    expect(() => buildRenderGraphArgs({ ...base, ...change })).toThrow(TypeError);
  });
});
