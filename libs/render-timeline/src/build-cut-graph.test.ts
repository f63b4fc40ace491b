import { renderOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { buildCutGraph } from './build-cut-graph';
import { buildRenderTimeline } from './build-render-timeline';

const segments = [
  { startMs: 0, endMs: 2000, action: 'keep' as const },
  { startMs: 2000, endMs: 6000, action: 'cut' as const },
  { startMs: 6000, endMs: 8000, action: 'keep' as const },
];

function cutGraph(input: Parameters<typeof renderOptionsSchema.parse>[0], audioIn?: string) {
  const parsed = renderOptionsSchema.parse(input);
  const timeline = buildRenderTimeline({
    plan: { mode: 'cut', segments },
    frameRate: { num: 25, den: 1 },
    sourceDurationSec: 8,
    options: parsed,
  });
  return buildCutGraph({
    timeline,
    videoIn: '0:v:0',
    audioIn,
    joinFadeMs: parsed.joinFadeMs,
    mute: parsed.mute,
  });
}

describe('Function: buildCutGraph', () => {
  it('keeps hard-cut frames with one select chain and trims the sound per span', () => {
    const part = cutGraph({}, '0:a:0');
    const script = part.chains.join(';\n');
    expect(script).toContain(
      "[0:v:0]fps=25/1,select='max(between(n,0,49),between(n,150,199))',setpts=N/FRAME_RATE/TB,tpad=stop_mode=clone:stop=-1,trim=end_frame=100[cut_v]",
    );
    expect(script).toContain('[cut_as1]atrim=start=6.000000:end=8.000000');
    expect(script).toContain('[cut_a0][cut_a1]concat=n=2:v=0:a=1[cut_a]');
    expect(part).toMatchObject({ videoOut: 'cut_v', audioOut: 'cut_a' });
  });

  it('trims each piece on the frame grid when the spans play at another speed', () => {
    const script = cutGraph({ mode: 'speed' }, '0:a:0').chains.join(';\n');
    expect(script).toContain('[0:v:0]fps=25/1,split=3[cut_vs0][cut_vs1][cut_vs2]');
    expect(script).toContain('trim=start=5.980000:end=7.980000');
    expect(script).toContain('concat=n=3:v=1:a=1[cut_v][cut_a]');
  });

  it('fades the sound only at the joins, inside the pieces', () => {
    const script = cutGraph({ joinFadeMs: 10 }, '0:a:0').chains.join(';\n');
    expect(script).toContain('afade=t=out:st=1.990000:d=0.010000[cut_a0]');
    expect(script).toContain('afade=t=in:st=0:d=0.010000[cut_a1]');
    expect(script.match(/afade/g)).toHaveLength(2);
  });

  it('chains xfade and acrossfade at the overlapped offsets', () => {
    const script = cutGraph(
      { transition: { type: 'wipeleft', durationMs: 400 } },
      '0:a:0',
    ).chains.join(';\n');
    expect(script).toContain('xfade=transition=wipeleft:duration=0.400000:offset=1.600000[cut_v]');
    expect(script).toContain('acrossfade=d=0.400000:c1=tri:c2=tri[cut_a]');
    expect(script).not.toContain('afade');
  });

  it('plays a tone in muted spans and chains atempo above 2×', () => {
    const muted = cutGraph(
      { mode: 'mute', mute: { tone: true, toneHz: 1000, toneDb: -20 } },
      '0:a:0',
    );
    expect(muted.chains.join(';')).toContain('aevalsrc=0.100000*sin(2*PI*1000*t)');
    const sped = cutGraph({ mode: 'speed', speed: { factor: 10, minSpanMs: 0 } }, '0:a:0');
    expect(sped.chains.join(';')).toContain('atempo=2,atempo=2,atempo=2,atempo=1.250000000');
  });

  it('gives a source without sound a silent track of the same length', () => {
    const script = cutGraph({}).chains.join(';\n');
    expect(script).toContain('anullsrc=r=48000:cl=stereo,atrim=end=2.000000');
    expect(script).not.toContain('0:a:0');
  });
});
