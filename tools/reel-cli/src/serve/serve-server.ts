import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ConfigInvalidError, PermissionDeniedError } from '@reel/error-taxonomy';
import {
  MAX_EVENT_BODY_BYTES,
  createApiGatewayBridge,
  type AuthorizerEvent,
  type AuthorizerResult,
} from '@reel/http-api';
import type { ServiceName } from '@reel/service-presets';
import { createLocalObjectHandler } from '@reel/storage';
import { LambdaHostPool } from '../lambda-host-pool';
import { REQUEST_ID_HEADER, createApiGatewayProxy } from './api-gateway-proxy';
import { servicesOf, type ApiRoute } from '@reel/service-presets';
import { logRequests } from './request-log';
import { WORKFLOW_BASE_PATH, type LocalWorkflowEndpoint } from './local-workflow-endpoint';

/** Where local object URLs are served; the hosts' `REEL_PUBLIC_BASE_URL` ends with it. */
export const OBJECTS_BASE_PATH = '/objects';
/** Where the upload area's signed URLs are served; the hosts' `REEL_UPLOAD_PUBLIC_BASE_URL`. */
export const UPLOADS_BASE_PATH = '/uploads';

export interface StartServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  routes: readonly ApiRoute[];
  /** `dist/apps`: the built bundle of each route's service. */
  bundlesDir: string;
  /** The hosts' environment (the config the apps read); `REEL_PUBLIC_BASE_URL` is set here. */
  hostEnv: Record<string, string | undefined>;
  /** The local backend's media root: its signed URLs are served under {@link OBJECTS_BASE_PATH}. */
  objectsRootDir?: string;
  /** `REEL_URL_SIGNING_SECRET` when configured; else the secret kept in the media root. */
  urlSigningSecret?: string;
  /** The local upload area (`REEL_UPLOAD_PATH`): its signed URLs are served under {@link UPLOADS_BASE_PATH}. */
  uploadsRootDir?: string;
  /** The local workflow endpoint, answered under {@link WORKFLOW_BASE_PATH}; hosts get `REEL_LOCAL_WORKFLOW_URL`. */
  workflow?: LocalWorkflowEndpoint;
  /** The API key authorizer run before `api-key` routes. */
  authorize: (event: AuthorizerEvent) => Promise<AuthorizerResult>;
  /** The hosts' own logs (their stdout and stderr) are appended here. */
  hostLogFile: string;
  /** One JSON line per request, and the server's own events. */
  writeLog: (line: string) => void;
}

export interface RunningServe {
  /** `http://host:port`, with a wildcard host given as loopback. */
  url: string;
  port: number;
  /** What the hosts mint object URLs under; absent on the AWS backend (presigned S3 URLs). */
  publicBaseUrl?: string;
  /** Route services with a built bundle (their hosts are started at once) and without one. */
  builtServices: ServiceName[];
  missingServices: ServiceName[];
  /** Requests being answered now. */
  inFlightRequests(): number;
  /**
   * Stops accepting connections, lets every request in flight finish and be answered (idle
   * keep-alive connections are closed, answers during the stop carry `Connection: close`), then
   * stops the hosts and waits for them to exit. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

/**
 * The local API server of `reel serve`: the route table's APIs as API Gateway would run them
 * (@reel/http-api's bridge around {@link createApiGatewayProxy}, each Lambda a warm host of its
 * built bundle from a {@link LambdaHostPool}, bounded by `REEL_LOCAL_WORKERS`) and, on the local
 * backend, signed object URLs under `/objects/` (@reel/storage's handler, also on
 * `checkContinue` so an upload is refused before its body is sent). Port in use:
 * ConfigInvalidError; a port the user may not bind: PermissionDeniedError.
 *
 * @example
 * const running = await startServe({ host: '127.0.0.1', port: 0, routes: apiRoutes, … });
 * console.log(running.url); await running.stop();
 */
export async function startServe(options: StartServeOptions): Promise<RunningServe> {
  let pool: LambdaHostPool | undefined;
  let stopping = false;
  let inFlight = 0;
  const api = createApiGatewayBridge({
    handler: createApiGatewayProxy({
      routes: options.routes,
      authorize: options.authorize,
      invoke: (service, event) => {
        if (pool === undefined) throw new Error('reel serve answered before its hosts were set up');
        return pool.invoke(service, event);
      },
    }),
  });
  const objectHandler = (rootDir: string | undefined, basePath: string) =>
    rootDir === undefined
      ? undefined
      : createLocalObjectHandler({
          rootDir,
          basePath,
          ...(options.urlSigningSecret === undefined ? {} : { secret: options.urlSigningSecret }),
          onError: (error) =>
            options.writeLog(
              JSON.stringify({
                time: new Date().toISOString(),
                level: 'ERROR',
                message: 'Object request failed',
                basePath,
                error: error instanceof Error ? error.message : String(error),
              }),
            ),
        });
  const objects = objectHandler(options.objectsRootDir, OBJECTS_BASE_PATH);
  const uploads = objectHandler(options.uploadsRootDir, UPLOADS_BASE_PATH);
  const { workflow } = options;
  const server = createServer();
  const dispatch = (
    request: IncomingMessage,
    response: ServerResponse,
    expectsContinue: boolean,
  ) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      // A keep-alive connection that just became idle is not left open past the stop.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
    if (stopping) response.setHeader('connection', 'close');
    if (objects !== undefined && isUnder(request.url ?? '/', OBJECTS_BASE_PATH)) {
      response.setHeader(REQUEST_ID_HEADER, randomUUID());
      void objects(request, response);
      return;
    }
    if (uploads !== undefined && isUnder(request.url ?? '/', UPLOADS_BASE_PATH)) {
      response.setHeader(REQUEST_ID_HEADER, randomUUID());
      void uploads(request, response);
      return;
    }
    if (workflow !== undefined && isUnder(request.url ?? '/', WORKFLOW_BASE_PATH)) {
      response.setHeader(REQUEST_ID_HEADER, randomUUID());
      workflow.handle(request, response).catch(() => response.destroy());
      return;
    }
    // A body the bridge will refuse (413) is refused before the client sends it.
    if (expectsContinue && !declaresBodyOver(request, MAX_EVENT_BODY_BYTES)) {
      response.writeContinue();
    }
    api(request, response).catch(() => response.destroy());
  };
  server.on(
    'request',
    logRequests((request, response) => dispatch(request, response, false), options.writeLog),
  );
  server.on(
    'checkContinue',
    logRequests((request, response) => dispatch(request, response, true), options.writeLog),
  );

  const port = await listen(server, options.host, options.port);
  const url = `http://${urlHost(options.host)}:${port}`;
  const publicBaseUrl = objects === undefined ? undefined : `${url}${OBJECTS_BASE_PATH}`;
  const uploadPublicBaseUrl = uploads === undefined ? undefined : `${url}${UPLOADS_BASE_PATH}`;
  const services = servicesOf(options.routes);
  const builtServices = services.filter((service) =>
    existsSync(join(options.bundlesDir, service, 'index.mjs')),
  );
  try {
    pool = new LambdaHostPool({
      bundlesDir: options.bundlesDir,
      env: {
        ...options.hostEnv,
        ...(publicBaseUrl === undefined ? {} : { REEL_PUBLIC_BASE_URL: publicBaseUrl }),
        ...(uploadPublicBaseUrl === undefined
          ? {}
          : { REEL_UPLOAD_PUBLIC_BASE_URL: uploadPublicBaseUrl }),
        ...(workflow === undefined
          ? {}
          : { REEL_LOCAL_WORKFLOW_URL: `${url}${WORKFLOW_BASE_PATH}` }),
      },
      logFile: options.hostLogFile,
    });
  } catch (error) {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  const hosts = pool;
  // Cold starts now, while the user reads the URL, rather than on the first request.
  hosts.warm(builtServices);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
    builtServices,
    missingServices: services.filter((service) => !builtServices.includes(service)),
    inFlightRequests: () => inFlight,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeIdleConnections();
        await closed;
        // Runs still working are stopped (their hosts exit) before the API hosts.
        await workflow?.close();
        await hosts.close();
      })()),
  };
}

function listen(
  server: ReturnType<typeof createServer>,
  host: string,
  port: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(toListenError(error, host, port)),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function toListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new ConfigInvalidError(`Port ${port} on ${host} is already in use`, {
      cause: error,
      advice: `Stop what is listening there, or pick another port: npx reel serve --port ${port + 1} (--port 0 picks a free one).`,
    });
  }
  if (error.code === 'EACCES') {
    return new PermissionDeniedError(`Listening on port ${port} of ${host} is not permitted`, {
      cause: error,
      advice: 'Ports below 1024 need privileges: use --port 8080, or --port 0 for a free one.',
    });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new ConfigInvalidError(`${host} is not an address of this machine`, {
      cause: error,
      advice: 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).',
    });
  }
  return error;
}

/** The host as a URL spells it: a wildcard address as loopback, IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function isUnder(url: string, basePath: string): boolean {
  return url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`) || url === basePath;
}

function declaresBodyOver(request: IncomingMessage, maxBytes: number): boolean {
  return Number(request.headers['content-length'] ?? 0) > maxBytes;
}
