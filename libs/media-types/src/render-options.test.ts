import { describe, expect, it } from 'vitest';
import { mergeRenderOptionsInput, renderOptionsSchema } from './render-options';

describe('renderOptionsSchema', () => {
  it('fills every default from an empty document', () => {
    const options = renderOptionsSchema.parse({});
    expect(options.mode).toBeUndefined();
    expect(options.transition).toBeUndefined();
    expect(options.video).toEqual({ preset: 'veryfast', crf: 20, maxHeight: 1080 });
    expect(options.subtitles.mode).toBe('sidecar');
    expect(options.podcast).toMatchObject({ use: true, integratedLufs: -16, truePeakDb: -1 });
    expect(options.joinFadeMs).toBe(5);
    expect(options.chunking).toEqual({ onePassMaxSec: 300 });
  });

  it('fills a transition from its defaults once it is named', () => {
    expect(renderOptionsSchema.parse({ transition: {} }).transition).toEqual({
      type: 'fade',
      durationMs: 500,
    });
  });

  it.each([
    [{ video: { crf: 60 } }, 'video.crf'],
    [{ transition: { durationMs: 10 } }, 'transition.durationMs'],
    [{ speed: { factor: 1 } }, 'speed.factor'],
    [{ subtitles: { mode: 'karaoke' } }, 'subtitles.mode'],
    [{ watermark: { opacity: 2 } }, 'watermark.opacity'],
    [{ vidoe: {} }, ''],
  ])('refuses %j (at %s)', (input, path) => {
    const result = renderOptionsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});

describe('mergeRenderOptionsInput', () => {
  it('lays the job over the tenant key by key without changing either', () => {
    const tenant = {
      video: { crf: 18, preset: 'fast' as const },
      subtitles: { mode: 'burn' as const },
    };
    const job = { video: { crf: 24 } };
    const merged = renderOptionsSchema.parse(mergeRenderOptionsInput(tenant, job));
    expect(merged.video).toEqual({ crf: 24, preset: 'fast', maxHeight: 1080 });
    expect(merged.subtitles.mode).toBe('burn');
    expect(tenant.video.crf).toBe(18);
  });

  it('keeps the base when there is no override', () => {
    expect(mergeRenderOptionsInput({ joinFadeMs: 10 }, undefined)).toEqual({ joinFadeMs: 10 });
  });
});
