import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The host as the local runner starts it (lambda-host-pool.ts forks it with an IPC channel), with a
// stand-in bundle whose handler says when it started and answers after `holdMs`.
const hostScript = join(import.meta.dirname, '..', 'host', 'lambda-host.mjs');
const HOLDING_BUNDLE = `
export async function handler(event) {
  console.log('handler started');
  await new Promise((resolve) => setTimeout(resolve, event.holdMs));
  return { pid: process.pid, heldMs: event.holdMs };
}
`;

interface HostMessage {
  type: string;
  id?: string;
  result?: unknown;
}

describe('Host: lambda-host.mjs', () => {
  let dir: string;
  let host: ChildProcess | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-lambda-host-'));
    await writeFile(join(dir, 'index.mjs'), HOLDING_BUNDLE);
  });
  afterEach(async () => {
    if (host?.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    host = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A ready host in a process group of its own (detached), so a signal to that group reaches the
   * host as Ctrl-C reaches a terminal's foreground group, and not this test's process.
   */
  async function startHost() {
    const child = fork(hostScript, [join(dir, 'index.mjs')], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
      execArgv: [],
    });
    host = child;
    const messages: HostMessage[] = [];
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const nextMessage = (type: string) =>
      new Promise<HostMessage>((resolve, reject) => {
        const seen = messages.find((message) => message.type === type);
        if (seen) return resolve(seen);
        const onMessage = (message: HostMessage) => {
          if (message.type !== type) return;
          child.off('message', onMessage);
          resolve(message);
        };
        child.on('message', onMessage);
        void exited.then(({ code, signal }) =>
          reject(new Error(`host exited (${signal ?? `code ${code}`}) before "${type}"`)),
        );
      });
    child.on('message', (message: HostMessage) => messages.push(message));
    const handlerStarted = new Promise<void>((resolve) =>
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('handler started')) resolve();
      }),
    );
    await nextMessage('ready');
    return { child, exited, nextMessage, handlerStarted };
  }

  it('finishes the invocation it is running when Ctrl-C sends SIGINT to its process group', async () => {
    // Prepare
    const { child, exited, nextMessage, handlerStarted } = await startHost();
    child.send({
      type: 'invoke',
      id: 'a',
      payload: { holdMs: 800 },
      deadlineAtMs: Date.now() + 60_000,
    });
    await handlerStarted;

    // Act
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const answer = await nextMessage('result');

    // Assess
    expect(answer).toEqual({ type: 'result', id: 'a', result: { pid: child.pid, heldMs: 800 } });
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('stops on SIGTERM, the way its runner stops it, even while invoked', async () => {
    // Prepare
    const { child, exited, handlerStarted } = await startHost();
    child.send({
      type: 'invoke',
      id: 'b',
      payload: { holdMs: 30_000 },
      deadlineAtMs: Date.now() + 60_000,
    });
    await handlerStarted;

    // Act
    const stoppedAtMs = Date.now();
    child.kill('SIGTERM');

    // Assess
    expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - stoppedAtMs).toBeLessThan(5_000);
  });

  it('exits when its runner closes the IPC channel (or is gone)', async () => {
    // Prepare
    const { child, exited } = await startHost();

    // Act
    child.disconnect();

    // Assess
    expect(await exited).toEqual({ code: 1, signal: null });
  });
});
