import { describe, expect, it } from 'vitest';
import { buildSubtitleBurnPart } from './build-subtitle-burn-part';

const style = { fontSizeRatio: 0.05, outlinePx: 3, marginBottomRatio: 0.0625 };

describe('Function: buildSubtitleBurnPart', () => {
  it('sizes text, outline and margin in the 288-unit script canvas libass scales to the frame', () => {
    // Act
    const part = buildSubtitleBurnPart({
      videoIn: 'wm_out',
      subtitlePath: '/tmp/job/render.srt',
      fontsDir: '/opt/reel/fonts',
      fontName: 'DejaVu Sans',
      frameHeight: 720,
      style,
    });

    // Assess: 0.05 × 288 = 14.4; 3 px at 1080 → 2 px at 720 → 0.8 units; 0.0625 × 288 = 18
    expect(part).toEqual({
      chains: [
        '[wm_out]subtitles=filename=/tmp/job/render.srt:fontsdir=/opt/reel/fonts:force_style=' +
          'FontName=DejaVu Sans\\,FontSize=14.4\\,PrimaryColour=&H00FFFFFF\\,OutlineColour=&H00000000' +
          '\\,BorderStyle=1\\,Outline=0.8\\,Shadow=0\\,Alignment=2\\,MarginV=18[sub_out]',
      ],
      videoOut: 'sub_out',
    });
  });

  it('escapes the paths for the filter graph', () => {
    // Act
    const [chain] = buildSubtitleBurnPart({
      videoIn: 'v',
      subtitlePath: "/tmp/a:b/it's.srt",
      fontsDir: '/tmp/f,1',
      fontName: 'DejaVu Sans',
      frameHeight: 360,
      style,
      label: 'burnt',
    }).chains;

    // Assess
    expect(chain).toContain("filename=/tmp/a\\\\:b/it\\\\\\'s.srt:fontsdir=/tmp/f\\,1:");
    expect(chain).toMatch(/\[burnt\]$/);
  });

  it('refuses a frame height that is not a positive integer and a font name with a comma', () => {
    const options = {
      videoIn: 'v',
      subtitlePath: '/tmp/a.srt',
      fontsDir: '/tmp',
      fontName: 'DejaVu Sans',
      frameHeight: 360,
      style,
    };
    expect(() => buildSubtitleBurnPart({ ...options, frameHeight: 0 })).toThrow(TypeError);
    expect(() => buildSubtitleBurnPart({ ...options, fontName: 'A,B' })).toThrow(TypeError);
  });
});
