import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  MethodNotAllowedError,
  NotFoundError,
  toProblemResponse,
  type ReelError,
} from '@reel/error-taxonomy';
import { createLocalMultipart } from './local-multipart';
import { createLocalRoot } from './local-root';
import { createLocalStorage } from './local-storage';
import { verifyLocalUrl } from './local-url-signature';
import { keyLayoutOf } from './key-rules';
import { LengthRequiredError, receiveLocalUpload } from './receive-local-upload';
import { serveLocalObject } from './serve-local-object';
import { urlSigningSecretSource } from './url-signing-secret';

export interface LocalObjectHandlerOptions {
  /**
   * The local storage root whose objects the signed URLs name: the media root (`MEDIA_STORAGE_PATH`)
   * or the upload area (`REEL_UPLOAD_PATH`); media and upload keys are both served.
   */
  rootDir: string;
  /** The secret the URLs were signed with; default the one kept in the root (see `loadOrCreateUrlSigningSecret`). */
  secret?: string;
  /** The path the handler is mounted at (`/media`); requests outside it are 404. Default: the root. */
  basePath?: string;
  /** Called with every failure answered 5xx (and every failure after the headers went out), for logging. */
  onError?: (error: unknown) => void;
  /** Default `Date.now`. */
  now?: () => number;
}

/** A node:http request listener; it never rejects, every failure becomes a response. */
export type LocalObjectHandler = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<void>;

const ALLOWED_METHODS = ['GET', 'HEAD', 'PUT', 'OPTIONS'];

/** Players and browser uploads come from other origins; the signature, not the origin, is the credential. */
function setCorsHeaders(response: ServerResponse): void {
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader(
    'Access-Control-Expose-Headers',
    'Accept-Ranges, Content-Length, Content-Range, Content-Type, ETag, Last-Modified',
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
}

function answerPreflight(response: ServerResponse): void {
  response
    .writeHead(204, {
      'Access-Control-Allow-Methods': ALLOWED_METHODS.join(', '),
      'Access-Control-Allow-Headers': 'Range, If-Range, If-None-Match, Content-Type',
      'Access-Control-Max-Age': '600',
    })
    .end();
}

function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed !== '' && !/^\/[A-Za-z0-9._~/-]*$/.test(trimmed)) {
    throw new TypeError(`basePath "${basePath}" must be an absolute URL path such as /media`);
  }
  return trimmed;
}

function answerProblem(
  request: IncomingMessage,
  response: ServerResponse,
  error: unknown,
  instance: string,
): number {
  const { status, headers, body } = toProblemResponse(error, { instance });
  // 411 is not a taxonomy status: the class stays InvalidRequest, the HTTP answer is precise.
  const httpStatus = error instanceof LengthRequiredError ? 411 : status;
  const text = JSON.stringify({ ...body, status: httpStatus });
  // A refused upload's body is not read; closing stops the client from sending the rest. Any other
  // refusal of a request whose body has not all arrived (a part PUT to an aborted upload: 404, a
  // changed signature: 403) closes too: a client that put the connection back in its pool would
  // send its next request into a socket the server is about to reset (ECONNRESET).
  const closing =
    (error as Partial<ReelError>).code === 'PAYLOAD_TOO_LARGE' ||
    httpStatus === 411 ||
    !request.complete;
  response
    .writeHead(httpStatus, {
      ...headers,
      'Content-Length': Buffer.byteLength(text),
      ...(closing ? { Connection: 'close' } : {}),
    })
    .end(text);
  return httpStatus;
}

/**
 * The server side of local signed URLs (`signLocalUrl`, `storage.getUrl`, `storage.getUploadUrl`):
 * a node:http listener for `{basePath}/{key}?expires=…&signature=…`. GET and HEAD serve the object
 * with ranges (206, 416), ETag and Last-Modified; PUT stores exactly the signed number of bytes,
 * atomically — the object, or with `uploadId` and `partNumber` one part of a multipart upload
 * (answered with its `ETag`, which CORS exposes for browser uploads); OPTIONS answers CORS preflights. A tampered or expired URL is 403, a key that is not a
 * reel key 400 (the path is never percent-decoded, so `%2e%2e` and `%2F` are just invalid
 * characters), a missing object 404. Errors are `application/problem+json`.
 *
 * @example
 * const handler = createLocalObjectHandler({ rootDir: config.mediaStoragePath, basePath: '/media' });
 * createServer((request, response) => void handler(request, response)).listen(8080, '127.0.0.1');
 */
export function createLocalObjectHandler({
  rootDir,
  secret,
  basePath = '',
  onError,
  now = Date.now,
}: LocalObjectHandlerOptions): LocalObjectHandler {
  const mountPath = normaliseBasePath(basePath);
  const root = createLocalRoot(rootDir);
  const multipart = createLocalMultipart(root);
  // One handler serves either area (the media root or the upload root): a key's shape says which.
  const storages = {
    media: createLocalStorage({ rootDir }),
    uploads: createLocalStorage({ rootDir, keyLayout: 'uploads' }),
  };
  const signingSecret = urlSigningSecretSource({ rootDir, secret });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart === -1 ? target : target.slice(0, queryStart);
    const query = queryStart === -1 ? '' : target.slice(queryStart + 1);
    const method = request.method ?? 'GET';
    setCorsHeaders(response);
    if (!path.startsWith(`${mountPath}/`)) {
      throw new NotFoundError(`Nothing is served at ${path.slice(0, 200)}`);
    }
    if (method === 'OPTIONS') return answerPreflight(response);
    if (!ALLOWED_METHODS.includes(method)) {
      throw new MethodNotAllowedError(`Signed media URLs answer GET, HEAD and PUT, not ${method}`, {
        allowedMethods: ALLOWED_METHODS,
      });
    }
    const key = path.slice(mountPath.length + 1);
    const layout = keyLayoutOf(key);
    const granted = verifyLocalUrl({
      key,
      method,
      query,
      secret: await signingSecret(),
      nowMs: now(),
    });
    if (granted.method === 'PUT') {
      const signedBytes = granted.contentLength ?? 0;
      const { part } = granted;
      await receiveLocalUpload({
        request,
        response,
        key,
        signedBytes,
        write:
          part === undefined
            ? (body) => storages[layout].putStream({ key, body })
            : (body) => multipart.receivePart({ key, ...part, signedBytes, body }),
      });
      return;
    }
    await serveLocalObject({ request, response, root, key });
  }

  return async (request, response) => {
    try {
      await handle(request, response);
    } catch (error) {
      if (response.headersSent) {
        // Mid-body (a client that went away, a read error): nothing to say but to stop.
        onError?.(error);
        response.destroy();
        return;
      }
      const status = answerProblem(
        request,
        response,
        error,
        (request.url ?? '/').split('?')[0] ?? '/',
      );
      if (status >= 500) onError?.(error);
    }
  };
}
