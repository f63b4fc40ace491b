import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalObjectHandler, type LocalObjectHandlerOptions } from '../src';

export interface LocalObjectServer {
  /** `http://127.0.0.1:{port}{basePath}`: the `publicBaseUrl` of a storage it serves. */
  baseUrl: string;
  port: number;
  /** Failures the handler reported through `onError`. */
  reportedErrors: unknown[];
  close(): Promise<void>;
}

/** The local object handler on a real socket: 127.0.0.1, a free port. */
export async function startLocalObjectServer(
  options: LocalObjectHandlerOptions,
): Promise<LocalObjectServer> {
  const reportedErrors: unknown[] = [];
  const handler = createLocalObjectHandler({
    ...options,
    onError: (error) => reportedErrors.push(error),
  });
  const server = createServer((request, response) => void handler(request, response));
  // The handler answers `Expect: 100-continue` itself, after checking the upload.
  server.on('checkContinue', (request, response) => void handler(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${options.basePath ?? ''}`,
    port,
    reportedErrors,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request with the path sent exactly as given (fetch and `new URL` would resolve `..` and
 * `%2e%2e` before sending, hiding what a hostile client can send).
 */
export async function rawRequest({
  port,
  method = 'GET',
  path,
  headers = {},
  body,
}: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: Buffer;
}): Promise<RawResponse> {
  const request = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false });
  const responding = once(request, 'response') as Promise<[import('node:http').IncomingMessage]>;
  request.end(body);
  const [response] = await responding;
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    body: Buffer.concat(chunks),
  };
}

/** The path and query of a URL, as sent on the request line. */
export function requestTarget(url: string): string {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
}
