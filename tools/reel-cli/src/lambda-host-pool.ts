import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { errorClasses, fromLambdaErrorName } from '@reel/error-taxonomy';
import { removeRehearsalLeftovers, type ProgressMessage } from '@reel/lambda-kit';
import { getServicePreset, type ServiceName } from '@reel/service-presets';
import { lambdaHostScript } from './workspace-paths';

/** Past a service's timeout, how long its host gets before it is killed (and on close). */
const HOST_TIMEOUT_GRACE_MS = 2_000;
/** Warm hosts of one service by default: invocations at once (a workflow Map's chunk Tasks). */
const DEFAULT_HOSTS_PER_SERVICE = 2;
const MAX_HOSTS_PER_SERVICE = 16;

export interface LambdaHostPoolOptions {
  /** `dist/apps`: where `nx build` put each service's index.mjs. */
  bundlesDir: string;
  /** Environment of every host (the config the services read, as on Lambda). */
  env: Record<string, string | undefined>;
  /** Each host's stdout and stderr (the services' structured logs) are appended here. */
  logFile: string;
  onProgress?: (message: ProgressMessage) => void;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface Host {
  child: ChildProcess;
  ready: Promise<void>;
  /** Settles once the process has exited and its stdout and stderr are drained into the log. */
  closed: Promise<void>;
  pending: Map<string, Pending>;
  /** Running an invocation: a Lambda environment serves one at a time. */
  busy: boolean;
}

/**
 * Warm child processes per service, each running that service's bundle through
 * host/lambda-host.mjs: the bundle is loaded once (a cold start) and reused for later invocations,
 * like a Lambda execution environment, one invocation at a time per host. Concurrent invocations of
 * one service (the render's chunk Tasks in the workflow's Map) get more hosts, started on demand up
 * to a bound, `REEL_LOCAL_WORKERS` in the hosts' environment (default 2, at most 16); past it they
 * wait for a host to be free: a bounded worker pool. Invocations get the service's preset timeout as remaining
 * time; a failed invocation rejects with the taxonomy error the handler threw (same class name,
 * so the workflow's Retry/Catch see what they would see on AWS).
 */
export class LambdaHostPool {
  private readonly hosts = new Map<ServiceName, Host[]>();
  /** Hosts stopped by {@link retire}, still to be waited for by {@link close}. */
  private readonly retired: Host[] = [];
  /** Invocations waiting for a free host of their service, first come first served. */
  private readonly waiting = new Map<ServiceName, Array<() => void>>();
  private readonly hostsPerService: number;
  private readonly logStream: WriteStream;

  constructor(private readonly options: LambdaHostPoolOptions) {
    this.hostsPerService = hostsPerServiceFrom(options.env);
    this.logStream = createWriteStream(options.logFile, { flags: 'a' });
  }

  /** Invokes `service` with `payload` and a Lambda-like context; resolves with the handler's result. */
  async invoke(service: ServiceName, payload: unknown): Promise<unknown> {
    const host = await this.acquire(service);
    try {
      return await this.invokeOn(host, service, payload);
    } finally {
      // A host stopped at its timeout is not handed out again (its exit removes it).
      if (!host.child.killed) host.busy = false;
      this.waiting.get(service)?.shift()?.();
    }
  }

  private async invokeOn(host: Host, service: ServiceName, payload: unknown): Promise<unknown> {
    await host.ready;
    const id = randomUUID();
    const timeoutMs = getServicePreset(service).timeoutSec * 1000;
    const deadlineAtMs = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      // As Lambda does: a handler still running at its timeout is stopped with its environment.
      const timer = setTimeout(() => {
        host.pending.delete(id);
        reject(
          new errorClasses.Timeout(
            `${service} did not answer within its ${timeoutMs / 1000} s timeout`,
          ),
        );
        host.child.kill('SIGKILL');
      }, timeoutMs + HOST_TIMEOUT_GRACE_MS);
      host.pending.set(id, {
        resolve: (result) => (clearTimeout(timer), resolve(result)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      host.child.send({ type: 'invoke', id, payload, deadlineAtMs, requestId: id });
    });
  }

  /**
   * Starts the hosts of `services` now, all at once, so their cold starts overlap each other and
   * whatever the caller does next, instead of adding up step by step. Failures surface on invoke.
   */
  warm(services: readonly ServiceName[]): void {
    for (const service of services) {
      if ((this.hosts.get(service) ?? []).length === 0)
        this.startHost(service).ready.catch(() => undefined);
    }
  }

  /**
   * Stops the idle hosts of `services` now, without waiting for them to exit: the caller will not
   * invoke them again (a linear workflow past their steps), so {@link close} has fewer hosts to
   * stop and wait for at the end of the run. A busy host is left to finish and is stopped by
   * `close`; a later invocation of a retired service starts a new host.
   */
  retire(services: readonly ServiceName[]): void {
    for (const service of services) {
      const hosts = this.hosts.get(service) ?? [];
      const idle = hosts.filter((host) => !host.busy);
      if (idle.length === 0) continue;
      this.hosts.set(
        service,
        hosts.filter((host) => host.busy),
      );
      for (const host of idle) this.stopHost(host);
      this.retired.push(...idle);
    }
  }

  /**
   * Stops every host, waits for them (and those retired earlier) to exit, their last log lines
   * included, then closes the log while it removes what a host stopped during its init rehearsal
   * left in its temp dir.
   */
  async close(): Promise<void> {
    const hosts = [...[...this.hosts.values()].flat(), ...this.retired];
    this.hosts.clear();
    this.retired.length = 0;
    const pids = hosts.flatMap(({ child }) => child.pid ?? []);
    await Promise.all(hosts.map((host) => this.stopHost(host)));
    await Promise.all([
      pids.length > 0 ? this.removeRehearsalLeftovers(pids) : undefined,
      new Promise<void>((resolve) => this.logStream.end(resolve)),
    ]);
  }

  /** SIGTERM (SIGKILL past the grace period) unless it already exited; settles once it closed. */
  private stopHost({ child, closed }: Host): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return closed;
    if (child.killed) return closed;
    child.kill('SIGTERM');
    const forceKill = setTimeout(() => child.kill('SIGKILL'), HOST_TIMEOUT_GRACE_MS);
    return closed.finally(() => clearTimeout(forceKill));
  }

  /** The hosts' temp dir is their TMPDIR (os.tmpdir() reads it); a failure is not an error. */
  private async removeRehearsalLeftovers(pids: number[]): Promise<void> {
    const hostTmpDir = this.options.env.TMPDIR;
    const rootDir = hostTmpDir && isAbsolute(hostTmpDir) ? hostTmpDir : tmpdir();
    await removeRehearsalLeftovers({ rootDir, pids }).catch(() => undefined);
  }

  /** A free host of `service` (marked busy): a warm one, a new one within the bound, or the next freed. */
  private async acquire(service: ServiceName): Promise<Host> {
    for (;;) {
      const hosts = this.hosts.get(service) ?? [];
      const host =
        hosts.find((candidate) => !candidate.busy) ??
        (hosts.length < this.hostsPerService ? this.startHost(service) : undefined);
      if (host) {
        host.busy = true;
        return host;
      }
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(service) ?? [];
        queue.push(resolve);
        this.waiting.set(service, queue);
      });
    }
  }

  private startHost(service: ServiceName): Host {
    const bundlePath = join(this.options.bundlesDir, service, 'index.mjs');
    if (!existsSync(bundlePath)) {
      throw new errorClasses.ConfigInvalid(`No bundle for ${service} at ${bundlePath}`, {
        advice: `Build the services first: npx nx run-many -t build -p ${service}`,
      });
    }
    const child = fork(lambdaHostScript, [bundlePath], {
      env: {
        ...this.options.env,
        AWS_LAMBDA_FUNCTION_NAME: `reel-${service}`,
        POWERTOOLS_SERVICE_NAME: service,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
    });
    // Written chunk by chunk rather than piped: each pipe adds listeners to the one log stream,
    // and a run's 7+ hosts (2 streams each) passed Node's listener warning on the user's terminal.
    const toLog = (chunk: Buffer) => {
      if (!this.logStream.writableEnded) this.logStream.write(chunk);
    };
    child.stdout?.on('data', toLog);
    child.stderr?.on('data', toLog);
    const closed = new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      // A process that could not be started may end with 'error' alone.
      child.once('error', () => resolve());
    });
    const pending = new Map<string, Pending>();
    const ready = new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.on('message', (message: HostMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'reel:progress')
          this.options.onProgress?.(message as ProgressMessage);
        else this.settle(pending, message);
      });
      child.once('exit', (code, signal) => {
        const crash = new errorClasses.Internal(
          `The ${service} host exited (${signal ?? `code ${code}`})`,
          {
            advice: `See the service log: ${this.options.logFile}`,
          },
        );
        reject(crash);
        for (const { reject: rejectPending } of pending.values()) rejectPending(crash);
        pending.clear();
        this.hosts.set(
          service,
          (this.hosts.get(service) ?? []).filter((other) => other !== host),
        );
      });
    });
    const host: Host = { child, ready, closed, pending, busy: false };
    this.hosts.set(service, [...(this.hosts.get(service) ?? []), host]);
    return host;
  }

  private settle(pending: Map<string, Pending>, message: HostMessage): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.type === 'result') {
      waiter.resolve(message.result);
      return;
    }
    const { name, message: text, advice } = message.error;
    const options = advice ? { advice } : {};
    waiter.reject(
      fromLambdaErrorName(name, text, options) ?? new errorClasses.Internal(text, options),
    );
  }
}

type HostMessage =
  | { type: 'ready' }
  | { type: 'reel:progress' }
  | { type: 'result'; id: string; result: unknown }
  | {
      type: 'error';
      id: string;
      error: { name: string; message: string; code?: string; advice?: string };
    };

/** The bound on warm hosts per service: `REEL_LOCAL_WORKERS` (1–16) or the default. */
function hostsPerServiceFrom(env: Record<string, string | undefined>): number {
  const value = env['REEL_LOCAL_WORKERS'];
  if (value === undefined || value === '') return DEFAULT_HOSTS_PER_SERVICE;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS_PER_SERVICE) {
    throw new errorClasses.ConfigInvalid(
      `REEL_LOCAL_WORKERS must be a whole number from 1 to ${MAX_HOSTS_PER_SERVICE}, not ${JSON.stringify(value.slice(0, 20))}`,
      {
        advice:
          'Set REEL_LOCAL_WORKERS to how many invocations of one service may run at once locally (default 2), or unset it.',
      },
    );
  }
  return count;
}
