import { describe, expect, it } from 'vitest';
import { buildEncodeLadderArgs, buildLadderFilter } from './build-encode-ladder-args';

// As buildLadder plans them: with a profile and codec string the argv does not use.
const rung = (name: string, width: number, height: number) => ({
  profile: 'high',
  codecs: 'avc1.64001f',
  name,
  width,
  height,
  bitrateKbps: 1000,
  maxrateKbps: 1500,
  bufsizeKbps: 2000,
  level: '3.1',
});
const plan = {
  frameRateFraction: { numerator: 30000, denominator: 1001 },
  gopFrames: 120,
  video: [rung('720p', 1280, 720), rung('480p', 854, 480)],
};
const outputs = plan.video.map((r) => ({ rung: r, path: `/s/${r.name}.mp4` }));

describe('Function: buildEncodeLadderArgs', () => {
  it('reads the input once and gives every rung the same forced GOP without scene cuts', () => {
    // Act
    const args = buildEncodeLadderArgs({
      input: '/s/in.mp4',
      plan,
      outputs,
      preset: 'veryfast',
      readLimitSec: 100,
    });

    // Assess
    expect(args.filter((arg) => arg === '-i')).toHaveLength(1);
    expect(args.slice(0, 6)).toEqual([
      '-copyts',
      '-start_at_zero',
      '-t',
      '100.000000',
      '-i',
      '/s/in.mp4',
    ]);
    expect(args.filter((arg) => arg === 'expr:eq(mod(n,120),0)')).toHaveLength(2);
    expect(args.join(' ')).toContain('-g 120 -keyint_min 120 -sc_threshold 0');
    expect(args.filter((arg) => arg === '-an')).toHaveLength(2);
    expect(args.at(-1)).toBe('/s/480p.mp4');
  });

  it('seeks a chunk a second early and cuts it on the frame grid', () => {
    const args = buildEncodeLadderArgs({
      input: '/s/in.mp4',
      plan,
      outputs,
      span: { startFrame: 240, frameCount: 240 },
      preset: 'veryfast',
      readLimitSec: 10,
    });

    expect(args.slice(0, 6)).toEqual([
      '-copyts',
      '-start_at_zero',
      '-ss',
      '7.008000',
      '-t',
      '10.000000',
    ]);
    expect(args).toContain(
      '[0:v:0]fps=30000/1001:start_time=0,trim=start_pts=240:end_pts=480,setpts=PTS-STARTPTS,format=yuv420p,split=2[s0][s1];' +
        '[s0]scale=1280:720:flags=bicubic,setsar=1[v0];[s1]scale=854:480:flags=bicubic,setsar=1[v1]',
    );
  });

  it.each([
    ['an odd width', { outputs: [{ rung: rung('x', 641, 360), path: '/s/x.mp4' }] }],
    ['a chunk off the segment grid', { span: { startFrame: 100 } }],
    ['a relative output', { outputs: [{ rung: rung('x', 640, 360), path: 'x.mp4' }] }],
    ['no rung', { outputs: [] }],
    [
      'a bit rate that is not whole',
      { outputs: [{ rung: { ...rung('x', 640, 360), bitrateKbps: 1.5 }, path: '/s/x.mp4' }] },
    ],
  ])('refuses %s', (_, change) => {
    expect(() =>
      buildEncodeLadderArgs({
        input: '/s/in.mp4',
        plan,
        outputs,
        preset: 'veryfast',
        readLimitSec: 10,
        ...change,
      }),
    ).toThrow(TypeError);
  });
});

describe('Function: buildLadderFilter', () => {
  it('runs a last chunk to the end of the input', () => {
    expect(buildLadderFilter(plan, [plan.video[1] ?? rung('x', 2, 2)], { startFrame: 480 })).toBe(
      '[0:v:0]fps=30000/1001:start_time=0,trim=start_pts=480,setpts=PTS-STARTPTS,format=yuv420p,split=1[s0];[s0]scale=854:480:flags=bicubic,setsar=1[v0]',
    );
  });
});
