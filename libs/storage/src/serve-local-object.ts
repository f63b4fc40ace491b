import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseByteRange } from './byte-range';
import { openObject, toStoredObject } from './local-object';
import type { LocalRoot } from './local-root';

/** The object's validator as a strong HTTP entity tag. */
function entityTag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : `"${etag}"`;
}

/** `If-Range` honours the range only while the object is still the one the client has part of. */
function rangeStillApplies(request: IncomingMessage, tag: string | undefined): boolean {
  const ifRange = request.headers['if-range'];
  return ifRange === undefined || (tag !== undefined && ifRange === tag);
}

function matchesAny(header: string | undefined, tag: string | undefined): boolean {
  if (header === undefined || tag === undefined) return false;
  return header.trim() === '*' || header.split(',').some((candidate) => candidate.trim() === tag);
}

/**
 * Answers GET or HEAD for one verified key: 200 with the whole object, 206 with one range
 * (`Content-Range`), 416 when the range starts past the end, 304 when `If-None-Match` names the
 * current ETag. The file is opened once (no symlink followed) and that open file is what is sent,
 * so a concurrent overwrite (a rename) cannot mix two versions in one response.
 */
export async function serveLocalObject({
  request,
  response,
  root,
  key,
}: {
  request: IncomingMessage;
  response: ServerResponse;
  root: LocalRoot;
  key: string;
}): Promise<void> {
  const path = await root.readablePath(key);
  const { handle, info } = await openObject(path, key);
  let streaming = false;
  try {
    const stored = await toStoredObject(key, path, info);
    const sizeBytes = stored.bytes;
    const tag = entityTag(stored.etag);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Content-Type', stored.contentType ?? 'application/octet-stream');
    if (tag !== undefined) response.setHeader('ETag', tag);
    if (stored.lastModified !== undefined) {
      response.setHeader('Last-Modified', stored.lastModified.toUTCString());
    }
    if (matchesAny(request.headers['if-none-match'], tag)) {
      response.writeHead(304).end();
      return;
    }
    const range = rangeStillApplies(request, tag)
      ? parseByteRange(request.headers.range, sizeBytes)
      : undefined;
    if (range === 'unsatisfiable') {
      response.removeHeader('Content-Type');
      response.writeHead(416, { 'Content-Range': `bytes */${sizeBytes}` }).end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? sizeBytes - 1;
    const lengthBytes = sizeBytes === 0 ? 0 : end - start + 1;
    response.setHeader('Content-Length', lengthBytes);
    if (range !== undefined)
      response.setHeader('Content-Range', `bytes ${start}-${end}/${sizeBytes}`);
    response.writeHead(range === undefined ? 200 : 206);
    if (request.method === 'HEAD' || lengthBytes === 0) {
      response.end();
      return;
    }
    streaming = true;
    // The stream owns the handle from here: it closes it on end, error or destroy.
    await pipeline(handle.createReadStream({ start, end, autoClose: true }), response);
  } finally {
    if (!streaming) await handle.close();
  }
}
