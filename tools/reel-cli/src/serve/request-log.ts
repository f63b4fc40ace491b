import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from './api-gateway-proxy';

/** Query parameters never written to the log: they make a signed URL work for anyone who has it. */
const SECRET_QUERY_PARAMETERS = new Set([
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  // The video API's stream playlist links.
  'token',
]);

/** One request's line in the serve log. */
export interface RequestLogLine {
  time: string;
  level: 'INFO' | 'WARN';
  message: 'Request';
  requestId: string;
  method: string;
  path: string;
  /** The query without its signature parameters; absent when the request had none. */
  query?: string;
  status: number;
  durationMs: number;
  /** The response was cut before its end (the client went away, or a write failed). */
  aborted?: true;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Wraps a listener so each request writes one JSON line when its response ends (or is cut off):
 * method, path, query without signatures, status, duration and the request id the answer carries
 * in `apigw-requestid` (a new one when it carries none, e.g. a body refused before any route ran).
 *
 * @example
 * const server = createServer(logRequests(listener, (line) => process.stdout.write(`${line}\n`)));
 */
export function logRequests(listener: Listener, write: (line: string) => void): Listener {
  return (request, response) => {
    const startedAt = performance.now();
    const ownRequestId = randomUUID();
    let written = false;
    const writeLine = () => {
      if (written) return;
      written = true;
      const answeredId = response.getHeader(REQUEST_ID_HEADER);
      const [path = '/', query] = (request.url ?? '/').split(/\?(.*)/s);
      const loggedQuery = query === undefined ? undefined : withoutSignatures(query);
      const line: RequestLogLine = {
        time: new Date().toISOString(),
        level: response.writableFinished ? 'INFO' : 'WARN',
        message: 'Request',
        requestId: typeof answeredId === 'string' ? answeredId : ownRequestId,
        method: request.method ?? 'GET',
        path,
        ...(loggedQuery === undefined || loggedQuery === '' ? {} : { query: loggedQuery }),
        status: response.statusCode,
        durationMs: Math.round(performance.now() - startedAt),
        ...(response.writableFinished ? {} : { aborted: true as const }),
      };
      write(JSON.stringify(line));
    };
    response.once('finish', writeLine);
    response.once('close', writeLine);
    listener(request, response);
  };
}

function withoutSignatures(query: string): string {
  return query
    .split('&')
    .filter((pair) => !SECRET_QUERY_PARAMETERS.has(pair.split('=')[0]?.toLowerCase() ?? ''))
    .join('&');
}
