import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { InputMissingError, TransientError } from '@reel/error-taxonomy';

export interface ReadUrlRangeOptions {
  /** What storage's `getUrl` minted: presigned S3, a signed local URL, or a `file:` URL. */
  url: string;
  /** First and last byte, inclusive. */
  fromByte: number;
  toByte: number;
  /** The local file the bytes are written to. */
  path: string;
  /** Names the object in errors instead of the (signed) URL. */
  label: string;
  signal?: AbortSignal;
}

/**
 * Copies bytes `fromByte..toByte` of an object into `path` with one ranged read — an HTTP
 * `Range` GET (S3 and `reel serve` answer 206) or a positioned file read — and answers the
 * object's whole size (from `Content-Range`), so the caller can tell the object changed. A missing
 * object is InputMissingError; any other refusal, or a server ignoring the range, TransientError.
 *
 * @example
 * const sourceBytes = await readUrlRange({ url, fromByte: 4096, toByte: 40_959, path: '/tmp/x/span.mp3', label: mp3Key });
 */
export async function readUrlRange({
  url,
  fromByte,
  toByte,
  path,
  label,
  signal,
}: ReadUrlRangeOptions): Promise<number> {
  if (url.startsWith('file:')) {
    const file = fileURLToPath(url);
    const { size } = await stat(file).catch((error: unknown) => {
      throw new InputMissingError(`No object ${label}`, { cause: error });
    });
    await pipeline(
      createReadStream(file, { start: fromByte, end: toByte }),
      createWriteStream(path),
      { ...(signal === undefined ? {} : { signal }) },
    );
    return size;
  }
  const response = await fetch(url, {
    headers: { range: `bytes=${fromByte}-${toByte}` },
    ...(signal === undefined ? {} : { signal }),
  }).catch((error: unknown) => {
    throw new TransientError(`Reading ${label} failed: ${(error as Error).message}`, {
      cause: error,
    });
  });
  const totalBytes = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
  if (response.status !== 206 || response.body === null || totalBytes === undefined) {
    await response.body?.cancel();
    if (response.status === 404) throw new InputMissingError(`No object ${label}`);
    throw new TransientError(
      `Reading bytes ${fromByte}-${toByte} of ${label} answered ${response.status}, not 206`,
      { details: { status: response.status } },
    );
  }
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    createWriteStream(path),
    { ...(signal === undefined ? {} : { signal }) },
  );
  return Number(totalBytes);
}
