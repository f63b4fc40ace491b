import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { contentTypeFor } from './content-types';
import { listenOnLoopback, type LoopbackListener } from './listen-on-loopback';

export interface StaticServer extends LoopbackListener {
  /** Every request path served with 200/206, in order (to check which segments a player fetched). */
  servedPaths: string[];
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
};

/**
 * Serves `rootDir` read-only on a random loopback port, the way a CDN serves stream files:
 * GET/HEAD, single byte ranges (206, 416), CORS for players on another origin, content types by
 * extension. No directory listings; a path that leaves `rootDir` (also through `..` encoded as
 * `%2e%2e` or `%2f`, or a symlink) is refused with 403.
 *
 * @example
 * const server = await startStaticServer('/tmp/stream');
 * await fetch(`${server.origin}/720p/index.m3u8`);
 * await server.close();
 */
export async function startStaticServer(rootDir: string): Promise<StaticServer> {
  const root = await realpath(rootDir);
  const servedPaths: string[] = [];
  const server = createServer((request, response) => {
    serve(root, request, response, servedPaths).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, CORS_HEADERS);
      response.end(error instanceof Error ? error.message : 'Internal error');
    });
  });
  return { ...(await listenOnLoopback(server)), servedPaths };
}

async function serve(
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
  servedPaths: string[],
): Promise<void> {
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...CORS_HEADERS, 'Access-Control-Max-Age': '600' });
    return void response.end();
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...CORS_HEADERS, Allow: 'GET, HEAD, OPTIONS' });
    return void response.end();
  }
  const filePath = await resolveInside(root, request.url ?? '/');
  if (filePath === 'outside') return void reply(response, 403, 'Forbidden');
  const info = filePath === undefined ? undefined : await stat(filePath).catch(() => undefined);
  if (filePath === undefined || info === undefined || !info.isFile()) {
    return void reply(response, 404, 'Not found');
  }

  const headers = {
    ...CORS_HEADERS,
    'Content-Type': contentTypeFor(filePath),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
  };
  const range = parseRange(request.headers.range, info.size);
  if (range === 'unsatisfiable') {
    response.writeHead(416, { ...headers, 'Content-Range': `bytes */${info.size}` });
    return void response.end();
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  const length = Math.max(0, end - start + 1);
  response.writeHead(range === undefined ? 200 : 206, {
    ...headers,
    'Content-Length': String(length),
    ...(range === undefined ? {} : { 'Content-Range': `bytes ${start}-${end}/${info.size}` }),
  });
  servedPaths.push(new URL(request.url ?? '/', 'http://x').pathname);
  if (request.method === 'HEAD' || length === 0) return void response.end();
  createReadStream(filePath, { start, end }).pipe(response);
}

/** The file a request path names, 'outside' when it escapes the root, undefined when malformed. */
async function resolveInside(
  root: string,
  requestUrl: string,
): Promise<string | undefined | 'outside'> {
  const rawPath = requestUrl.split(/[?#]/, 1)[0] ?? '/';
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decodedPath.includes('\0')) return undefined;
  const candidate = resolve(root, `.${decodedPath.startsWith('/') ? '' : '/'}${decodedPath}`);
  if (candidate !== root && !candidate.startsWith(`${root}${sep}`)) return 'outside';
  // A symlink inside the root may point anywhere: judge where it really leads.
  const real = await realpath(candidate).catch(() => undefined);
  if (real === undefined) return candidate;
  return real === root || real.startsWith(`${root}${sep}`) ? real : 'outside';
}

type ByteRange = { start: number; end: number };

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; a list of ranges is answered in full (RFC 9110 lets a server ignore Range). */
function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return undefined;
  if (startText === '') {
    const suffixLength = Number(endText);
    if (suffixLength === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffixLength), end: size - 1 };
  }
  const start = Number(startText);
  const end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
