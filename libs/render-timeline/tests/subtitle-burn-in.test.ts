import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime, PINNED_FONT_NAME } from '@reel/ffmpeg-runtime';
import { writeSrt } from '@reel/transcript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSubtitleBurnPart, SRT_PLAY_RES_Y } from '../src/build-subtitle-burn-part';

const WIDTH = 640;
const HEIGHT = 360;
const style = { fontSizeRatio: 0.1, outlinePx: 3, marginBottomRatio: 0.08 };
// DejaVu Sans: capitals 1493 of 2048 units per em; libass's line height is ascent + descent
// (1901 + 483 units), so a capital is 1493 / 2384 of the font size.
const CAP_HEIGHT_OF_LINE = 1493 / 2384;
const DESCENT_OF_LINE = 483 / 2384;

const runtime = createFfmpegRuntime();
let scratch: string;
let srtPath: string;
let emptyFontconfig: string;

/** One grey frame at 1 s of a 2 s 360p test pattern, with the graph's `chains` applied (or none). */
async function renderFrame(name: string, chains?: string[]): Promise<Buffer> {
  const output = join(scratch, `${name}.gray`);
  const graph = chains === undefined ? '[0:v]null[out]' : chains.join(';');
  await runtime.runTool({
    tool: 'ffmpeg',
    binaryPath: runtime.ffmpegPath,
    operation: 'test-subtitle-burn',
    // No system fonts: the text can only come from fontsdir.
    env: { FONTCONFIG_FILE: emptyFontconfig },
    args: [
      ['-hide_banner', '-nostdin', '-loglevel', 'error'],
      ['-f', 'lavfi', '-i', `testsrc2=s=${WIDTH}x${HEIGHT}:r=10:d=2`],
      ['-filter_complex', graph, '-map', '[out]'],
      ['-ss', '1', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-y', output],
    ].flat(),
  });
  const frame = await readFile(output);
  expect(frame.length).toBe(WIDTH * HEIGHT);
  return frame;
}

/** Rows and columns of the pixels that differ between two frames. */
function changedBox(a: Buffer, b: Buffer) {
  let count = 0;
  let top = HEIGHT;
  let bottom = -1;
  let left = WIDTH;
  let right = -1;
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      if (a[y * WIDTH + x] === b[y * WIDTH + x]) continue;
      count += 1;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return { count, top, bottom, left, right };
}

function burnPart(fontsDir: string) {
  return buildSubtitleBurnPart({
    videoIn: '0:v',
    subtitlePath: srtPath,
    fontsDir,
    fontName: PINNED_FONT_NAME,
    frameHeight: HEIGHT,
    style,
    label: 'out',
  });
}

beforeAll(async () => {
  // A folder name with every character the filter graph treats specially.
  scratch = await mkdtemp(join(tmpdir(), "reel-burn-a:b,c'd[e];"));
  srtPath = join(scratch, 'render.srt');
  await writeFile(srtPath, writeSrt([{ startMs: 0, endMs: 5000, lines: ['HEH'] }]));
  emptyFontconfig = join(scratch, 'fonts.conf');
  await writeFile(emptyFontconfig, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('Function: buildSubtitleBurnPart (real ffmpeg)', () => {
  it('changes pixels in the subtitle area at the configured size and nowhere else', async () => {
    // Act
    const plain = await renderFrame('plain');
    const burnt = await renderFrame('burnt', burnPart(runtime.fontsDir).chains);

    // Assess: "HEH" (capitals only) in an outline of 1 px (3 px at 1080), bottom-centred
    const box = changedBox(plain, burnt);
    const fontSizePx = style.fontSizeRatio * HEIGHT;
    const outlinePx = (style.outlinePx * HEIGHT) / 1080;
    const marginPx =
      (Math.round(style.marginBottomRatio * SRT_PLAY_RES_Y) * HEIGHT) / SRT_PLAY_RES_Y;
    const baselineY = HEIGHT - marginPx - DESCENT_OF_LINE * fontSizePx;
    expect(box.count).toBeGreaterThan(300);
    expect(box.bottom - box.top + 1).toBeCloseTo(
      CAP_HEIGHT_OF_LINE * fontSizePx + 2 * outlinePx,
      -0.5,
    );
    expect(Math.abs(box.bottom - baselineY)).toBeLessThanOrEqual(2 + outlinePx);
    expect(Math.abs((box.left + box.right) / 2 - WIDTH / 2)).toBeLessThanOrEqual(2);
    expect(box.right - box.left).toBeLessThan(WIDTH / 4);
  });

  it('draws with the pinned font only: nothing when its folder holds no font', async () => {
    // Prepare
    const emptyFontsDir = join(scratch, 'no-fonts');
    await mkdir(emptyFontsDir);

    // Act
    const plain = await renderFrame('plain-2');
    const burnt = await renderFrame('no-font', burnPart(emptyFontsDir).chains);

    // Assess
    expect(changedBox(plain, burnt).count).toBe(0);
  });
});
