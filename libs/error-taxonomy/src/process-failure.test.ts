import { describe, expect, it } from 'vitest';
import { classifyProcessFailure, isDecodeErrorLine } from './process-failure';

describe('Function: classifyProcessFailure', () => {
  it.each([
    [
      '[matroska,webm @ 0x1] Number of streams exceeds max_streams parameter (16), see the documentation if you wish to increase it\n/tmp/in.mkv: Cannot allocate memory',
      'GuardrailExceeded',
    ],
    ['/tmp/in.mp4: No such file or directory', 'InputMissing'],
    [
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\n/tmp/in.mp4: Invalid data found when processing input',
      'CorruptInput',
    ],
    ['/tmp/empty.mp4: Invalid data found when processing input', 'CorruptInput'],
    [
      "[http @ 0x1] Protocol 'http' not on whitelist 'file,pipe'!\nInvalid data found when processing input",
      'UnsupportedMedia',
    ],
    ["[concat @ 0x1] Unsafe file name '/etc/passwd'", 'UnsupportedMedia'],
    ["Unknown encoder 'libnope'", 'CodecMissing'],
    ['/out/a.mp3: Permission denied', 'PermissionDenied'],
    ['av_interleaved_write_frame(): No space left on device', 'TmpExhausted'],
    [
      "[hls @ 0x1] Format not on whitelist 'mov,mp4,m4a,matroska'\n/tmp/in.m3u8: Invalid argument",
      'UnsupportedMedia',
    ],
    [
      "[concat @ 0x1] Format not on whitelist 'mp4'\n/tmp/list.txt: Invalid argument",
      'UnsupportedMedia',
    ],
    [
      '[hls @ 0x1] URL file:///etc/passwd is not in allowed_segment_extensions\nInvalid data found when processing input',
      'UnsupportedMedia',
    ],
    [
      "Stream map '0:a:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.",
      'UnsupportedMedia',
    ],
    ['Output file #0 does not contain any stream', 'UnsupportedMedia'],
    ['Error writing trailer of /dev/full: No space left on device', 'TmpExhausted'],
    [
      `ERROR: "dict.c", line 275: Failed to open dictionary file '/m/x.dict' for reading: No such file or directory`,
      'RuntimeMissing',
    ],
    [
      `ERROR: "acmod.c", line 78: Folder '/m/en-us' does not contain acoustic model definition 'mdef'`,
      'RuntimeMissing',
    ],
    [`ERROR: "ngram_model_trie.c", line 356: File /m/en-us.lm.bin not found`, 'RuntimeMissing'],
    [
      `ERROR: "continuous.c", line 136: Input audio file has sample rate [44100], but decoder expects [16000]\nFATAL: "continuous.c", line 165: Failed to process file 'a.wav' due to format mismatch.`,
      'UnsupportedMedia',
    ],
    [
      `FATAL: "continuous.c", line 157: Failed to open file 'nope.wav' for reading: No such file or directory`,
      'InputMissing',
    ],
  ])('maps stderr %j to %s', (stderrTail, expectedType) => {
    // Act
    const error = classifyProcessFailure({ tool: 'ffmpeg', exitCode: 1, stderrTail });

    // Assess
    expect(error.type).toBe(expectedType);
    expect(error.details.stderrTail).toBe(stderrTail);
  });

  it('names the evidence line in the message', () => {
    const error = classifyProcessFailure({
      tool: 'ffprobe',
      operation: 'probe',
      exitCode: 1,
      stderrTail: 'noise\n[mov @ 0x1] moov atom not found\nmore noise',
    });
    expect(error.message).toBe(
      'ffprobe (probe) failed: the input is empty, truncated or not media — [mov @ 0x1] moov atom not found',
    );
  });

  it('maps a filter graph reading a stream the input lacks to UnsupportedMedia with advice', () => {
    // Prepare: ffmpeg 5.1's words for a ladder graph over a sound-only file
    const stderrTail = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/s/sound.m4a':",
      '  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)',
      "Stream specifier ':v:0' in filtergraph description [0:v:0]fps=25/1:start_time=0,format=yuv420p,split=2[s0][s1];[s0]scale=640:360[v0];[s1]scale=426:240[v1] matches no streams.",
    ].join('\n');

    // Act
    const error = classifyProcessFailure({
      tool: 'ffmpeg',
      operation: 'encode-ladder',
      exitCode: 1,
      stderrTail,
    });

    // Assess
    expect(error.type).toBe('UnsupportedMedia');
    expect(error.message).toMatch(
      /^ffmpeg \(encode-ladder\) failed: the input lacks a stream the filter graph reads .* — Stream specifier ':v:0' in filtergraph description/,
    );
    expect(error.advice).toMatch(/':v' needs a picture/);
  });

  it('reports a missing binary as RuntimeMissing with the path it tried', () => {
    const error = classifyProcessFailure({
      tool: 'ffmpeg',
      spawnErrorCode: 'ENOENT',
      binaryPath: '/opt/none/ffmpeg',
      stderrTail: '',
    });
    expect(error.type).toBe('RuntimeMissing');
    expect(error.message).toContain('/opt/none/ffmpeg');
  });

  it('reports a deadline kill as Timeout even when stderr matches another pattern', () => {
    const error = classifyProcessFailure({
      tool: 'ffmpeg',
      signal: 'SIGTERM',
      timedOut: true,
      stderrTail: 'Invalid data found',
    });
    expect(error.type).toBe('Timeout');
  });

  it('treats an unexplained SIGKILL as Internal with memory advice', () => {
    const error = classifyProcessFailure({
      tool: 'ffmpeg',
      signal: 'SIGKILL',
      stderrTail: 'frame=  100',
    });
    expect(error.type).toBe('Internal');
    expect(error.advice).toMatch(/memory/);
  });

  it('falls back to Internal with the exit code and last stderr line', () => {
    const error = classifyProcessFailure({
      tool: 'ffmpeg',
      exitCode: 234,
      stderrTail: 'first\nsomething odd happened\n',
    });
    expect(error.type).toBe('Internal');
    expect(error.message).toBe('ffmpeg failed with exit code 234: something odd happened');
  });
});

describe('Function: isDecodeErrorLine', () => {
  it.each([
    'Error while decoding stream #0:1: Invalid data found when processing input',
    'Error while decoding stream #0:0: Operation not permitted',
    '/tmp/reel-x/input.mp4: corrupt decoded frame in stream 0',
    '[aist#0:1/aac @ 0x55d1c0] Decoding error: Invalid data found when processing input',
    '[vist#0:0/h264 @ 0x55d1c0] corrupt decoded frame',
  ])('counts %j', (line) => {
    expect(isDecodeErrorLine(line)).toBe(true);
  });

  it.each([
    '[aac @ 0x55d1] Reserved bit set.',
    '[h264 @ 0x55d1] concealing 300 DC, 300 AC, 300 MV errors in P frame',
    'size=      56kB time=00:00:12.02 bitrate=  38.5kbits/s speed= 107x',
    'Stream #0:1 -> #0:0 (aac (native) -> mp3 (libmp3lame))',
  ])('does not count %j', (line) => {
    expect(isDecodeErrorLine(line)).toBe(false);
  });
});
