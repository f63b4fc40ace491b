import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMp3SeekIndexScanner, findClipByteSpan, type Mp3SeekIndex } from './mp3-seek-index';

/** Byte offset of every audio packet and the samples skipped at the start, as ffprobe sees them. */
async function probePackets(path: string) {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-show_packets'],
    ...['-show_entries', 'packet=pos:packet_side_data=skip_samples', '-of', 'json', path],
  ]);
  const { packets } = JSON.parse(stdout) as {
    packets: Array<{ pos: string; side_data_list?: Array<{ skip_samples?: number }> }>;
  };
  return {
    offsets: packets.map(({ pos }) => Number(pos)),
    skipSamples: packets[0]?.side_data_list?.[0]?.skip_samples ?? 0,
  };
}

function scan(bytes: Buffer, chunkBytes: number, framesPerEntry = 1): Mp3SeekIndex | undefined {
  const scanner = createMp3SeekIndexScanner({ framesPerEntry });
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    scanner.push(bytes.subarray(at, at + chunkBytes));
  }
  return scanner.finish(bytes.length);
}

describe('Function: createMp3SeekIndexScanner', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-seek-index-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const encodings: Array<[string, string[]]> = [
    ['VBR stereo 44.1 kHz (as audio-extraction)', ['-ac', '2', '-ar', '44100', '-q:a', '2']],
    ['CBR mono 48 kHz', ['-ac', '1', '-ar', '48000', '-b:a', '64k']],
    ['VBR MPEG-2 22.05 kHz', ['-ac', '1', '-ar', '22050', '-q:a', '5']],
  ];
  it.each(encodings)('finds every frame ffprobe finds in %s', async (_name, encoding) => {
    // Prepare
    const path = join(dir, `${encoding.join('')}.mp3`);
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=d=7:a=0.2,volume=enable=lt(mod(t\\,1)\\,0.5):volume=0.05',
      '-c:a', 'libmp3lame', ...encoding, '-y', path,
    ]);
    const bytes = await readFile(path);
    const probed = await probePackets(path);

    // Act: chunks smaller than a frame, and odd-sized
    const index = scan(bytes, 1_000);

    // Assess
    expect(index).toBeDefined();
    expect(index?.frameOffsets).toEqual(probed.offsets);
    expect(index?.frameCount).toBe(probed.offsets.length);
    expect(index?.leadingSamples).toBe(probed.skipSamples);
    expect(index?.sourceBytes).toBe(bytes.length);
  });

  it('keeps every framesPerEntry-th frame offset', async () => {
    // Prepare
    const path = join(dir, 'entries.mp3');
    // prettier-ignore
    await execa('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=d=3', '-c:a', 'libmp3lame', '-q:a', '2', '-y', path]);
    const bytes = await readFile(path);

    // Act
    const every = scan(bytes, 65_536);
    const sparse = scan(bytes, 65_536, 32);

    // Assess
    expect(sparse?.frameOffsets).toEqual(every?.frameOffsets.filter((_, i) => i % 32 === 0));
    expect(sparse?.frameCount).toBe(every?.frameCount);
  });

  it('maps nothing that is not an MP3 or has more than a tag after its last frame', async () => {
    // Prepare
    const path = join(dir, 'tail.mp3');
    // prettier-ignore
    await execa('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'libmp3lame', '-q:a', '2', '-y', path]);
    const mp3 = await readFile(path);

    // Act
    const wav = scan(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(40_000)]), 4_096);
    const junkAfter = scan(Buffer.concat([mp3, Buffer.alloc(20_000, 7)]), 4_096);
    const cutShort = scan(mp3.subarray(0, mp3.length - 100), 4_096);

    // Assess
    expect(wav).toBeUndefined();
    expect(junkAfter).toBeUndefined();
    expect(cutShort).toBeUndefined();
  });
});

describe('Function: findClipByteSpan', () => {
  const index: Mp3SeekIndex = {
    version: 1,
    sourceBytes: 1_000_000,
    sampleRate: 44_100,
    samplesPerFrame: 1152,
    leadingSamples: 1105,
    frameCount: 3200,
    audioEndByte: 999_900,
    framesPerEntry: 32,
    frameOffsets: Array.from({ length: 100 }, (_, i) => 300 + i * 10_000),
  };

  it('starts on an entry at least the margin before the clip and says where the clip starts in it', () => {
    // Act
    const span = findClipByteSpan(index, { startMs: 12_345, endMs: 15_345 });

    // Assess: sample 544 415 + 1105 is in frame 473; 461 is in entry 14 (frame 448).
    expect(span.fromByte).toBe(300 + 14 * 10_000);
    expect(span.startInSpanMs).toBeCloseTo(((544_414.5 + 1105 - 448 * 1152) * 1000) / 44_100, 0);
    // End: sample 676 715 + 1105 in frame 588, + 12 → entry 19 (exclusive).
    expect(span.toByte).toBe(300 + 19 * 10_000 - 1);
  });

  it('reads to the end of the audio for a clip at the end and from the first frame for one at 0', () => {
    // Act
    const atEnd = findClipByteSpan(index, { startMs: 83_000, endMs: 83_590 });
    const atStart = findClipByteSpan(index, { startMs: 0, endMs: 1000 });

    // Assess
    expect(atEnd.toByte).toBe(index.audioEndByte - 1);
    expect(atStart.fromByte).toBe(300);
    expect(atStart.startInSpanMs).toBeCloseTo((1105 * 1000) / 44_100, 6);
  });
});
