import { describe, expect, it } from 'vitest';
import { applyStages } from './apply-stages';
import type { RenderGraphStage } from './build-render-graph';

describe('Function: applyStages', () => {
  const input = {
    videoOut: 'v0',
    audioOut: 'a0',
    width: 640,
    height: 360,
    frameRate: { num: 25, den: 1 },
    durationSec: 10,
  };

  it('chains each stage on what the previous one left, keeping audio and length a stage leaves out', () => {
    // Prepare: a stage that lengthens the programme, then one that only draws on the picture.
    const bumper: RenderGraphStage = ({ videoOut, audioOut, durationSec }) => ({
      chains: [`[${videoOut}][${audioOut}]concat[v1][a1]`],
      videoOut: 'v1',
      audioOut: 'a1',
      durationSec: durationSec + 3,
    });
    const mark: RenderGraphStage = ({ videoOut }) => ({
      chains: [`[${videoOut}]drawbox[v2]`],
      videoOut: 'v2',
    });

    // Act
    const { chains, output } = applyStages(input, [bumper, mark]);

    // Assess
    expect(chains).toEqual(['[v0][a0]concat[v1][a1]', '[v1]drawbox[v2]']);
    expect(output).toEqual({ ...input, videoOut: 'v2', audioOut: 'a1', durationSec: 13 });
  });

  it('leaves the input as it is without stages', () => {
    expect(applyStages(input, [])).toEqual({ chains: [], output: input });
  });
});
