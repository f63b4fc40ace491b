import { execFile } from 'node:child_process';
import { chmod, mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CodecMissingError,
  CorruptInputError,
  InputMissingError,
  PermissionDeniedError,
  RuntimeMissingError,
  TimeoutError,
  TmpExhaustedError,
  UnsupportedMediaError,
  type ReelError,
} from '@reel/error-taxonomy';
import { buildMp3Args } from '../src/build-mp3-args';
import { probe } from '../src/probe';
import { probeAndCheck } from '../src/probe-and-check';
import { runFfmpeg } from '../src/run-ffmpeg';
import { createTempDir, makeClip } from './support/media-fixtures';

// Every failure here is real: ffmpeg or ffprobe runs on a file made for the purpose.

async function failureOf(work: Promise<unknown>): Promise<ReelError> {
  try {
    await work;
  } catch (error) {
    return error as ReelError;
  }
  throw new Error('expected the run to fail');
}

function extractMp3(input: string, output: string, options: { ffmpegPath?: string } = {}) {
  return runFfmpeg({
    operation: 'extract-audio-mp3',
    args: buildMp3Args({ input, output }),
    ...options,
  });
}

describe('Failures of real ffmpeg and ffprobe runs', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => remove());

  it('reports a missing input as InputMissingError', async () => {
    // Prepare
    const input = join(dir, 'missing.mp4');

    // Act
    const fromProbe = await failureOf(probe({ input }));
    const fromFfmpeg = await failureOf(extractMp3(input, join(dir, 'out.mp3')));

    // Assess
    expect(fromProbe).toBeInstanceOf(InputMissingError);
    expect(fromFfmpeg).toBeInstanceOf(InputMissingError);
  });

  it('reports a zero-byte file as CorruptInputError', async () => {
    // Prepare
    const input = join(dir, 'empty.mp4');
    await writeFile(input, '');

    // Act
    const fromProbe = await failureOf(probe({ input }));
    const fromFfmpeg = await failureOf(extractMp3(input, join(dir, 'out.mp3')));
    // A missing ffprobe proves the quick path never ran it.
    const fromCheck = await failureOf(
      probeAndCheck({ input, ffprobePath: '/nonexistent/ffprobe' }),
    );

    // Assess
    expect(fromProbe).toBeInstanceOf(CorruptInputError);
    expect(fromFfmpeg).toBeInstanceOf(CorruptInputError);
    expect(fromCheck).toBeInstanceOf(CorruptInputError);
  });

  it('reports an MP4 cut in half as CorruptInputError', async () => {
    // Prepare
    const whole = await makeClip(join(dir, 'whole.mp4'), { durationSec: 2 });
    const bytes = await readFile(whole);
    const input = join(dir, 'truncated.mp4');
    await writeFile(input, bytes.subarray(0, Math.floor(bytes.length / 2)));

    // Act
    const fromProbe = await failureOf(probe({ input }));
    const fromFfmpeg = await failureOf(extractMp3(input, join(dir, 'out.mp3')));

    // Assess
    expect(fromProbe).toBeInstanceOf(CorruptInputError);
    expect(fromFfmpeg).toBeInstanceOf(CorruptInputError);
    expect(fromProbe.message).toContain('moov atom not found');
  });

  it('reports a text file named .mp4 as CorruptInputError', async () => {
    // Prepare
    const input = join(dir, 'notes.mp4');
    await writeFile(input, 'Meeting notes: this is not a video.\n'.repeat(20));

    // Act
    const fromProbe = await failureOf(probe({ input }));
    const fromFfmpeg = await failureOf(extractMp3(input, join(dir, 'out.mp3')));

    // Assess
    expect(fromProbe).toBeInstanceOf(CorruptInputError);
    expect(fromFfmpeg).toBeInstanceOf(CorruptInputError);
  });

  it('reports an unknown encoder as CodecMissingError', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });

    // Act
    const error = await failureOf(
      runFfmpeg({
        operation: 'encode',
        args: ['-i', input, '-c:a', 'libnope', '-f', 'mp3', '-y', join(dir, 'out.mp3')],
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(CodecMissingError);
    expect(error.message).toContain("Unknown encoder 'libnope'");
  });

  it('reports an unwritable output as PermissionDeniedError (EACCES)', async () => {
    // Prepare: root ignores file modes, so as root ffmpeg runs as `nobody`, who may read the input
    // but not write into a root-owned 0755 directory; as any other user, a 0555 directory does it.
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });
    const lockedDir = join(dir, 'locked');
    await mkdir(lockedDir, { mode: 0o755 });
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(lockedDir, 0o555);

    // Act
    const error = await failureOf(
      runFfmpeg({
        operation: 'extract-audio-mp3',
        args: buildMp3Args({ input, output: join(lockedDir, 'out.mp3') }),
        runAs: asRoot ? { uid: 65534, gid: 65534 } : undefined,
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error.message).toContain('Permission denied');
  });

  it('reports a full output device as TmpExhaustedError', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });

    // Act
    const error = await failureOf(extractMp3(input, '/dev/full'));

    // Assess
    expect(error).toBeInstanceOf(TmpExhaustedError);
    expect(error.message).toContain('No space left on device');
  });

  it('stops a long run at its deadline with TimeoutError', async () => {
    // Prepare
    const startedMs = Date.now();

    // Act
    const error = await failureOf(
      runFfmpeg({
        operation: 'endless',
        args: [
          '-re',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=320x240:rate=25',
          '-t',
          '3600',
          '-f',
          'null',
          '-',
        ],
        deadlineAtMs: startedMs + 300,
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - startedMs).toBeLessThan(2500);
  });

  it('reports a missing binary as RuntimeMissingError, not ENOENT', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });

    // Act
    const fromFfmpeg = await failureOf(
      extractMp3(input, join(dir, 'out.mp3'), { ffmpegPath: '/opt/missing/ffmpeg' }),
    );
    const fromProbe = await failureOf(probe({ input, ffprobePath: '/opt/missing/ffprobe' }));

    // Assess
    expect(fromFfmpeg).toBeInstanceOf(RuntimeMissingError);
    expect(fromProbe).toBeInstanceOf(RuntimeMissingError);
    expect(fromFfmpeg.advice).toMatch(/FFMPEG_PATH/);
  });
});

describe('Hostile playlists and lists', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let server: Server;
  let requests: string[];
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('not a segment');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(async () => {
    requests = [];
    ({ dir, remove } = await createTempDir());
  });
  afterEach(async () => remove());

  // A FIFO with no writer: a demuxer that opened it would block, and the test would time out.
  async function makeTrapFifo(): Promise<string> {
    const fifo = join(dir, 'trap.ts');
    await promisify(execFile)('mkfifo', [fifo]);
    return fifo;
  }

  async function writeHlsPlaylist(name: string): Promise<string> {
    const fifo = await makeTrapFifo();
    const path = join(dir, name);
    const entries = [`${baseUrl}/segment-0.ts`, 'file:///etc/passwd', fifo];
    const body = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:10',
      ...entries.flatMap((entry) => ['#EXTINF:10,', entry]),
      '#EXT-X-ENDLIST',
    ];
    await writeFile(path, `${body.join('\n')}\n`);
    return path;
  }

  async function writeConcatList(name: string): Promise<string> {
    const fifo = await makeTrapFifo();
    const path = join(dir, name);
    await writeFile(
      path,
      `ffconcat version 1.0\nfile /etc/passwd\nfile ${fifo}\nfile ${baseUrl}/a.mp4\n`,
    );
    return path;
  }

  it.each([
    ['an HLS playlist', 'playlist.m3u8', writeHlsPlaylist],
    ['an HLS playlist named .mp4', 'upload.mp4', writeHlsPlaylist],
    ['an ffconcat list', 'list.ffconcat', writeConcatList],
    ['an ffconcat list named .mp4', 'upload.mp4', writeConcatList],
  ])(
    'refuses %s with UnsupportedMediaError before reading any entry',
    async (_label, name, write) => {
      // Prepare
      const input = await write(name);
      const deadlineAtMs = Date.now() + 5000;

      // Act
      const fromProbe = await failureOf(probe({ input, deadlineAtMs }));
      const fromFfmpeg = await failureOf(
        runFfmpeg({
          operation: 'extract-audio-mp3',
          args: buildMp3Args({ input, output: join(dir, 'out.mp3') }),
          deadlineAtMs,
        }),
      );

      // Assess
      expect(fromProbe).toBeInstanceOf(UnsupportedMediaError);
      expect(fromFfmpeg).toBeInstanceOf(UnsupportedMediaError);
      expect(String(fromFfmpeg.details.stderrTail)).toContain('Format not on whitelist');
      expect(requests).toEqual([]);
      await expect(stat(join(dir, 'out.mp3'))).rejects.toThrow();
    },
  );

  it('is guarded by the demuxer allow-list: the protocol allow-list alone lets a playlist open local files', async () => {
    // Prepare
    const fifo = await makeTrapFifo();
    const playlist = join(dir, 'playlist.m3u8');
    await writeFile(
      playlist,
      `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${fifo}\n#EXT-X-ENDLIST\n`,
    );

    // Act: bare ffmpeg with only `-protocol_whitelist file,pipe`. Opening the FIFO for writing
    // completes only once a reader (the HLS demuxer) has opened it.
    const bare = execa(
      'ffmpeg',
      ['-nostdin', '-protocol_whitelist', 'file,pipe', '-i', playlist, '-f', 'null', '-'],
      { reject: false, timeout: 10_000 },
    );
    const writer = await open(fifo, 'w');
    await writer.close();
    await bare;

    // Assess
    expect((await bare).stderr).toContain(`Opening '${fifo}' for reading`);
  });

  it('would see a fetch of a playlist entry if one happened (the HTTP trap works)', async () => {
    // Prepare
    const playlist = join(dir, 'playlist.m3u8');
    await writeFile(
      playlist,
      `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${baseUrl}/segment-0.ts\n#EXT-X-ENDLIST\n`,
    );

    // Act: bare ffmpeg with http allowed.
    await execa(
      'ffmpeg',
      ['-nostdin', '-protocol_whitelist', 'file,http,tcp', '-i', playlist, '-f', 'null', '-'],
      { reject: false, timeout: 10_000 },
    );

    // Assess
    expect(requests).toContain('/segment-0.ts');
  });
});
