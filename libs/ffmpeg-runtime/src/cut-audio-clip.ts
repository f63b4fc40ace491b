import { isAbsolute } from 'node:path';
import { rm } from 'node:fs/promises';
import { STRIP_METADATA_ARGS, seconds } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import { relabelError } from './input-label';
import type { OperationContext } from './operation-context';
import { runProcess, type ProcessRun } from './run-process';
import type { Observability } from '@reel/observability';

/** Options of {@link cutAudioClip}. */
export interface CutAudioClipOptions {
  /**
   * reel's own MP3 (an episode's extracted audio): an absolute path, or an http(s) URL that storage
   * minted for it (presigned S3, or a signed local URL), read with range requests.
   */
  input: string;
  /** Absolute path of the MP3 clip to write; overwritten if it exists. */
  output: string;
  startMs: number;
  durationMs: number;
  /** LAME VBR quality 0–9 of the clip. Default 2, as the episode's own MP3. */
  vbrQuality?: number;
  /** The input as users know it (its storage key): stands in for the URL in messages. */
  inputLabel?: string;
  signal?: AbortSignal;
  deadlineAtMs?: number;
  observability?: Observability;
}

/** Protocols an http(s) input may need: the URL itself, its TCP socket and TLS for https. */
const URL_INPUT_PROTOCOLS = 'http,https,tcp,tls';

/**
 * ffmpeg argv for an MP3 clip of `[startMs, startMs + durationMs)`. `-ss` before `-i`: ffmpeg's
 * default accurate seek decodes only from the start point and drops the samples before it, so the
 * clip starts on the requested sample; `-t` as an output option ends it on the sample too, and the
 * MP3 muxer's LAME header records encoder delay and padding, so decoders play exactly the span
 * (measured: 0.0 ms off at 100–3590 s of a 60-min VBR or CBR MP3). ffmpeg 5.1's MP3 demuxer
 * reaches the start by demuxing (not decoding) from the beginning: with `-usetoc 1` it jumps by
 * the Xing table instead, but lands up to 0.8 s off (measured), so it is not used. The input is
 * opened under its own allow-lists: `mp3` only, and `file` or http(s) (never other protocols).
 * Pure.
 *
 * @example
 * buildCutAudioClipArgs({ input: '/m/ep.mp3', output: '/tmp/c.mp3', startMs: 12_345, durationMs: 3_000 });
 */
export function buildCutAudioClipArgs({
  input,
  output,
  startMs,
  durationMs,
  vbrQuality = 2,
}: Pick<
  CutAudioClipOptions,
  'input' | 'output' | 'startMs' | 'durationMs' | 'vbrQuality'
>): string[] {
  const isUrl = /^https?:\/\//.test(input);
  if (!isUrl && !isAbsolute(input)) {
    throw new TypeError(
      `input must be an absolute path or an http(s) URL, got ${JSON.stringify(input)}`,
    );
  }
  assertAbsolutePath(output, 'output');
  if (!Number.isInteger(startMs) || startMs < 0) {
    throw new TypeError(`startMs must be a non-negative integer, got ${startMs}`);
  }
  if (!Number.isInteger(durationMs) || durationMs <= 0) {
    throw new TypeError(`durationMs must be a positive integer, got ${durationMs}`);
  }
  if (!Number.isInteger(vbrQuality) || vbrQuality < 0 || vbrQuality > 9) {
    throw new TypeError(`vbrQuality must be an integer 0–9, got ${vbrQuality}`);
  }
  return [
    ['-nostdin', '-hide_banner', '-nostats', '-v', 'error'],
    ['-protocol_whitelist', isUrl ? URL_INPUT_PROTOCOLS : 'file'],
    ['-format_whitelist', 'mp3', '-max_streams', '4'],
    ['-ss', seconds(startMs / 1000), '-i', input],
    ['-t', seconds(durationMs / 1000)],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-c:a', 'libmp3lame', '-q:a', String(vbrQuality)],
    ['-f', 'mp3', '-y', output],
  ].flat();
}

/**
 * Cuts a clip of reel's own MP3 to `output`, sample-accurate (see {@link buildCutAudioClipArgs}):
 * for the audio-clips API, which hands ffmpeg storage's URL of the episode, so it is streamed once
 * (no copy on disk) and decoded only from the start point. Not for uploads: the input is trusted to be reel's MP3 (the only
 * demuxer allowed), which is why http(s) is allowed here and nowhere else. Removes `output` when
 * it fails; errors are taxonomy classes naming `inputLabel`, never the URL.
 *
 * @example
 * await runtime.cutAudioClip({ input: await storage.getUrl({ key: mp3Key, expiresInSec: 300 }),
 *   inputLabel: mp3Key, output: join(scratch, 'clip.mp3'), startMs: 12_345, durationMs: 3_000, signal });
 */
export async function cutAudioClip(
  context: OperationContext,
  { inputLabel, signal, deadlineAtMs, observability, ...clip }: CutAudioClipOptions,
): Promise<ProcessRun> {
  const args = buildCutAudioClipArgs(clip);
  try {
    return await runProcess({
      tool: 'ffmpeg',
      binaryPath: context.runner.ffmpegPath ?? 'ffmpeg',
      args,
      operation: 'cut-audio-clip',
      ...(signal === undefined ? {} : { signal }),
      ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
      ...(context.runner.killGraceMs === undefined
        ? {}
        : { killGraceMs: context.runner.killGraceMs }),
      ...(context.runner.searchPath === undefined ? {} : { searchPath: context.runner.searchPath }),
      ...(observability === undefined ? {} : { observability }),
    });
  } catch (error) {
    await rm(clip.output, { force: true });
    throw relabelError(error, { input: clip.input, inputLabel: inputLabel ?? 'the episode audio' });
  }
}
