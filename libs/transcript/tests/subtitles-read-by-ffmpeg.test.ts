// SRT and VTT as written by this lib, read back by ffmpeg's own demuxers rather than by parseSrt /
// parseVtt: a player-side reader must see the same cue count, timings and text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSrt, writeVtt, type SubtitleCue } from '../src/index';

const cues: SubtitleCue[] = [
  { startMs: 0, endMs: 1_250, lines: ['welcome to the reel podcast'] },
  {
    startMs: 4_162,
    endMs: 7_090,
    lines: ['um the first thing is probing', 'every upload, Q&A <live> --> now'],
  },
  ...Array.from({ length: 40 }, (_, index) => ({
    startMs: 10_000 + index * 2_500,
    endMs: 10_000 + index * 2_500 + 2_001,
    lines: [`cue number ${index + 1}`],
  })),
  { startMs: 3_723_004, endMs: 3_725_000, lines: ['an hour later'] },
];

interface ProbedPacket {
  pts_time: string;
  duration_time: string;
}

/** Cue timings as ffprobe's subtitle demuxer reads them, in whole milliseconds. */
async function probeCueTimings(path: string): Promise<{ codec: string; timingsMs: number[][] }> {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-of',
    'json',
    '-show_entries',
    'packet=pts_time,duration_time:stream=codec_name',
    path,
  ]);
  const probed = JSON.parse(stdout) as {
    packets: ProbedPacket[];
    streams: { codec_name: string }[];
  };
  return {
    codec: probed.streams[0]?.codec_name ?? '',
    timingsMs: probed.packets.map(({ pts_time, duration_time }) => {
      const startMs = Math.round(Number(pts_time) * 1000);
      return [startMs, startMs + Math.round(Number(duration_time) * 1000)];
    }),
  };
}

/** The file converted by ffmpeg to SubRip: decoded cue text, entities resolved, `\n` endings. */
async function convertToSrt(path: string): Promise<string> {
  const { stdout } = await execa('ffmpeg', ['-v', 'error', '-i', path, '-f', 'srt', '-']);
  return stdout.replaceAll('\r\n', '\n');
}

describe('SRT and VTT read back by ffmpeg', () => {
  let directory: string;
  let srtPath: string;
  let vttPath: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'reel-subtitles-'));
    srtPath = join(directory, 'captions.srt');
    vttPath = join(directory, 'captions.vtt');
    await Promise.all([writeFile(srtPath, writeSrt(cues)), writeFile(vttPath, writeVtt(cues))]);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each([
    ['SRT', 'subrip', () => srtPath],
    ['VTT', 'webvtt', () => vttPath],
  ])(
    'ffprobe reads every %s cue with its start and end to the millisecond',
    async (_, codec, path) => {
      // Act
      const probed = await probeCueTimings(path());

      // Assess
      expect(probed.codec).toBe(codec);
      expect(probed.timingsMs).toHaveLength(cues.length);
      expect(probed.timingsMs).toEqual(cues.map(({ startMs, endMs }) => [startMs, endMs]));
    },
  );

  it('ffmpeg decodes the VTT text to the original lines, markup characters included', async () => {
    // Act
    const srtFromVtt = await convertToSrt(vttPath);

    // Assess
    expect(srtFromVtt).toContain('um the first thing is probing\nevery upload, Q&A <live> --> now');
    expect(srtFromVtt.match(/^\d+$/gm)).toHaveLength(cues.length);
  });

  it('ffmpeg decodes the SRT text to the original lines, a tag-like <live> included', async () => {
    // Act
    const remuxed = await convertToSrt(srtPath);

    // Assess
    expect(`${remuxed.trimEnd()}\n\n`.replaceAll('\u200B', '')).toBe(
      writeSrt(cues).replaceAll('\u200B', ''),
    );
    expect(remuxed).toContain('every upload, Q&A <\u200Blive> --> now');
  });
});
