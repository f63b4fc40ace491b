import { ffprobeJson } from './media-fixtures';

// Read with ffprobe directly, not the runtime's probe, so a probe bug cannot hide itself.

/** Width and height of a picture's first stream. */
export async function sizeOf(path: string): Promise<{ width: number; height: number }> {
  const [stream] = (await ffprobeJson(path)).streams;
  return { width: stream?.width ?? 0, height: stream?.height ?? 0 };
}

/** ffprobe's `pix_fmt` of a picture's first stream (a JPEG: `yuvj420p`, `yuvj444p`, …). */
export async function pixelFormatOf(path: string): Promise<string | undefined> {
  return (await ffprobeJson(path)).streams[0]?.pix_fmt;
}
