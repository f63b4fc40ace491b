import { mkdirSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKeysFromConfig } from '@reel/api-keys';
import { createApiKeyAuthorizer } from '@reel/http-api';
import { defaultUploadPath } from '@reel/config';
import { parseCommandArgs, parseEnvOption } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { serveHelp } from '../help-texts';
import { buildServices, hostEnvironment } from '../service-bundles';
import { UsageError } from '../usage-error';
import { apiRoutes, servicesOf } from '@reel/service-presets';
import { buildApiBundles } from '../serve/build-api-bundles';
import { createLocalWorkflowEndpoint, WORKFLOW_BASE_PATH } from '../serve/local-workflow-endpoint';
import { failAbandonedRun, serveExecutionRunner } from '../serve/run-serve-execution';
import {
  OBJECTS_BASE_PATH,
  UPLOADS_BASE_PATH,
  startServe,
  type RunningServe,
} from '../serve/serve-server';
import { bundlesDir } from '../workspace-paths';

const serveOptions = {
  port: { type: 'string', short: 'p', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  env: { type: 'string', short: 'e' },
  build: { type: 'boolean', default: true },
} as const;

/**
 * `reel serve`: the HTTP APIs on a local socket (see {@link startServe}) until SIGINT or SIGTERM,
 * which stop it gracefully; a second signal exits at once (128 + the signal's number).
 */
export async function serveCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, serveOptions);
  if (values.help) {
    console.log(serveHelp);
    return 0;
  }
  const port = parsePort(values.port);
  const host = values.host.trim();
  if (host === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1 or 0.0.0.0.');
  const dependencies = loadCliDependencies(parseEnvOption(values.env));
  const { config } = dependencies;
  const services = servicesOf(apiRoutes);
  if (values.build) {
    await buildApiBundles(services, (text) => process.stderr.write(text));
    // The workflow's services too: a processed video runs on them, as in `reel run`.
    await buildServices((text) => process.stderr.write(text));
  }
  const apiKeys = createApiKeysFromConfig(config);
  const local = config.backend === 'local';
  const logDir = local
    ? join(config.mediaStoragePath, '.reel', 'logs')
    : join(tmpdir(), 'reel-logs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const hostLogFile = join(logDir, `serve-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const writeLog = (line: string) => process.stdout.write(`${line}\n`);
  const workflow = createLocalWorkflowEndpoint({
    runExecution: serveExecutionRunner({
      dependencies,
      hostEnv: hostEnvironment(dependencies),
      bundlesDir,
      writeLog,
    }),
    writeLog,
    onAbandoned: (run) => failAbandonedRun(dependencies.manifests, run),
  });
  const running = await startServe({
    host,
    port,
    routes: apiRoutes,
    bundlesDir,
    hostEnv: hostEnvironment(dependencies),
    ...(config.backend === 'local'
      ? {
          objectsRootDir: config.mediaStoragePath,
          uploadsRootDir: config.uploadPath ?? defaultUploadPath(config.mediaStoragePath),
          ...(config.urlSigningSecret === undefined
            ? {}
            : { urlSigningSecret: config.urlSigningSecret }),
        }
      : {}),
    authorize: createApiKeyAuthorizer(() => apiKeys.verifyApiKey),
    workflow,
    hostLogFile,
    writeLog,
  });
  process.stdout.write(
    `${JSON.stringify({
      time: new Date().toISOString(),
      level: 'INFO',
      message: 'Listening',
      url: running.url,
      ...(running.publicBaseUrl === undefined ? {} : { publicBaseUrl: running.publicBaseUrl }),
      env: config.env,
      backend: config.backend,
    })}\n`,
  );
  process.stderr.write(
    describeStart(running, { env: config.env, backend: config.backend, hostLogFile }),
  );
  return waitForStopSignal(running);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(`--port ${JSON.stringify(value.slice(0, 20))} is not a port.`, {
      advice: 'A port is a whole number from 1 to 65535, or 0 to pick a free one.',
    });
  }
  return port;
}

function describeStart(
  running: RunningServe,
  { env, backend, hostLogFile }: { env: string; backend: string; hostLogFile: string },
): string {
  const width = Math.max(...apiRoutes.map(({ routeKey }) => routeKey.length));
  const routeLines = apiRoutes.map(({ routeKey, service, authorizer }) => {
    const built = running.builtServices.includes(service);
    const state = built
      ? authorizer === 'api-key'
        ? 'API key'
        : 'public'
      : `bundle missing (--no-build): npx nx run ${service}:build`;
    return `  ${routeKey.padEnd(width)}  → ${service} (${state})`;
  });
  return [
    `reel serve listening on ${running.url} (env ${env}, ${backend} backend)`,
    ...routeLines,
    ...(running.publicBaseUrl === undefined
      ? []
      : [
          `  ${`GET ${OBJECTS_BASE_PATH}/…`.padEnd(width)}  → signed object URLs of the media root`,
          `  ${`PUT ${UPLOADS_BASE_PATH}/…`.padEnd(width)}  → signed upload URLs of the upload area`,
        ]),
    `  ${`POST ${WORKFLOW_BASE_PATH}`.padEnd(width)}  → processing runs on the warm hosts of reel run (loopback only)`,
    `Each API runs in warm hosts of its built bundle (up to REEL_LOCAL_WORKERS at once, default 2);`,
    `their logs: ${hostLogFile}`,
    `Request log: one JSON line per request on stdout. Ctrl-C stops (in-flight requests finish; again to force).`,
    '',
  ].join('\n');
}

/** Resolves with 0 once a first SIGINT/SIGTERM's graceful stop is done; a second exits now. */
function waitForStopSignal(running: RunningServe): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting now.\n`);
        // The hosts see their IPC channel close and exit too (host/lambda-host.mjs).
        process.exit(128 + constants.signals[signal]);
      }
      stopping = true;
      process.stderr.write(
        `${signal}: stopping — no new connections; ${running.inFlightRequests()} request(s) in flight finish first (${signal} again to force).\n`,
      );
      running.stop().then(
        () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          process.stderr.write('Stopped: every request answered, every host exited.\n');
          resolve(0);
        },
        (error: unknown) => {
          process.stderr.write(`Stopping failed: ${String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
