import { renderOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { buildRenderGraph } from './build-render-graph';
import { buildRenderTimeline } from './build-render-timeline';

const options = renderOptionsSchema.parse({ video: { maxHeight: 720 } });
const timeline = buildRenderTimeline({
  plan: { mode: 'cut', segments: [{ startMs: 0, endMs: 4000, action: 'keep' }] },
  frameRate: { num: 30, den: 1 },
  sourceDurationSec: 4,
  options,
});

describe('Function: buildRenderGraph', () => {
  it('scales to the output size and hands each stage the previous outputs', () => {
    // Prepare
    const seen: unknown[] = [];
    // Act
    const graph = buildRenderGraph({
      timeline,
      source: { width: 1920, height: 1080, hasAudio: true },
      options,
      stages: [
        (input) => {
          seen.push(input);
          return { chains: [`[${input.videoOut}]null[wm_v]`], videoOut: 'wm_v' };
        },
        (input) => {
          seen.push(input);
          return {
            chains: [`[${input.videoOut}][${input.audioOut}]concat=n=1:v=1:a=1[bm_v][bm_a]`],
            videoOut: 'bm_v',
            audioOut: 'bm_a',
            durationSec: input.durationSec + 3,
          };
        },
      ],
    });
    // Assess
    expect(graph.filterScript).toContain(
      '[cut_v]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[render_scaled]',
    );
    expect(seen[0]).toMatchObject({
      videoOut: 'render_scaled',
      audioOut: 'cut_a',
      width: 1280,
      height: 720,
      durationSec: 4,
    });
    expect(seen[1]).toMatchObject({ videoOut: 'wm_v', audioOut: 'cut_a' });
    expect(graph).toMatchObject({ videoOut: 'bm_v', audioOut: 'bm_a', outputDurationSec: 7 });
  });

  it('refuses two parts that write the same label', () => {
    const act = () =>
      buildRenderGraph({
        timeline,
        source: { width: 640, height: 360, hasAudio: true },
        options,
        stages: [() => ({ chains: ['[render_scaled]null[cut_v]'], videoOut: 'cut_v' })],
      });
    expect(act).toThrow(/\[cut_v\]/);
  });
});
