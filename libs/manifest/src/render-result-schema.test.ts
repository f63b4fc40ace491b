import { renderOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { renderResultSchema } from './job-manifest-schema';

const common = {
  srtKey: 'dev/acme/ep-1/renders/render.srt',
  durationSec: 41.5,
  planKey: 'dev/acme/ep-1/plan/cut-plan.json',
  planVersion: 2,
  planSha256: 'a'.repeat(64),
  mode: 'cut' as const,
  options: renderOptionsSchema.parse({}),
  pieces: [],
  removedSec: 3.5,
};
const picture = {
  videoKey: 'dev/acme/ep-1/renders/render.mp4',
  width: 640,
  height: 360,
  videoCodec: 'h264',
  frameRate: { num: 25, den: 1 },
};
const mp3Key = 'dev/acme/ep-1/renders/episode.mp3';

describe('Schema: renderResultSchema', () => {
  it('accepts a render with a picture as every earlier document has it', () => {
    expect(renderResultSchema.safeParse({ ...common, ...picture }).success).toBe(true);
  });

  it('accepts an audio-only render: the episode MP3 and no picture fields', () => {
    const render = { ...common, mp3Key, audioCodec: 'mp3' };
    expect(renderResultSchema.parse(render)).toEqual(render);
  });

  it('refuses an audio-only render without its episode MP3', () => {
    const result = renderResultSchema.safeParse(common);
    expect(result.error?.issues.map(({ path }) => path)).toEqual([['mp3Key']]);
  });

  it('refuses picture fields without the video they describe', () => {
    const result = renderResultSchema.safeParse({
      ...common,
      mp3Key,
      ...picture,
      videoKey: undefined,
    });
    expect(result.error?.issues.map(({ path }) => path[0])).toEqual([
      'width',
      'height',
      'videoCodec',
      'frameRate',
    ]);
  });

  it('refuses a video render that lacks one of its picture fields', () => {
    const result = renderResultSchema.safeParse({ ...common, ...picture, width: undefined });
    expect(result.error?.issues.map(({ path }) => path)).toEqual([['width']]);
  });
});
