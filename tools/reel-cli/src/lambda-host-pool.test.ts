import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceNames, type ServiceName } from '@reel/service-presets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LambdaHostPool } from './lambda-host-pool';

// A stand-in bundle that logs a line when invoked and answers with its process id.
const LOGGING_BUNDLE = `
export async function handler(event) {
  console.log(JSON.stringify({ loggedBy: process.pid, index: event.index }));
  return { pid: process.pid };
}
`;

/** Whether a process is still running (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A stand-in bundle: its handler holds for 300 ms and answers with its process and times, so the
// test sees which host ran an invocation and whether invocations overlapped.
const SLOW_BUNDLE = `
export async function handler(event) {
  const startedMs = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { pid: process.pid, startedMs, endedMs: Date.now(), index: event.index };
}
`;

interface Answer {
  pid: number;
  startedMs: number;
  endedMs: number;
  index: number;
}

describe('Class: LambdaHostPool', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-host-pool-'));
    await mkdir(join(dir, 'bundles', 'video-render-engine'), { recursive: true });
    await writeFile(join(dir, 'bundles', 'video-render-engine', 'index.mjs'), SLOW_BUNDLE);
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function invokeFour(env: Record<string, string | undefined>): Promise<Answer[]> {
    const pool = new LambdaHostPool({
      bundlesDir: join(dir, 'bundles'),
      env: { PATH: process.env['PATH'], TMPDIR: dir, ...env },
      logFile: join(dir, 'hosts.log'),
    });
    try {
      return (await Promise.all(
        [0, 1, 2, 3].map((index) => pool.invoke('video-render-engine', { index })),
      )) as Answer[];
    } finally {
      await pool.close();
    }
  }

  /** The most invocations that ran at the same moment. */
  const mostAtOnce = (answers: Answer[]) =>
    Math.max(
      ...answers.map(
        ({ startedMs }) =>
          answers.filter((other) => other.startedMs <= startedMs && other.endedMs > startedMs)
            .length,
      ),
    );

  it('runs concurrent invocations of one service on up to 2 warm hosts by default, one invocation per host at a time', async () => {
    // Act
    const answers = await invokeFour({});

    // Assess
    expect(answers.map(({ index }) => index)).toEqual([0, 1, 2, 3]);
    expect(new Set(answers.map(({ pid }) => pid)).size).toBe(2);
    expect(mostAtOnce(answers)).toBe(2);
    for (const pid of new Set(answers.map((answer) => answer.pid))) {
      const onHost = answers.filter((answer) => answer.pid === pid);
      expect(
        onHost[0]!.endedMs <= onHost[1]!.startedMs || onHost[1]!.endedMs <= onHost[0]!.startedMs,
      ).toBe(true);
    }
  });

  it('takes its bound from REEL_LOCAL_WORKERS', async () => {
    const one = await invokeFour({ REEL_LOCAL_WORKERS: '1' });
    const four = await invokeFour({ REEL_LOCAL_WORKERS: '4' });

    expect(new Set(one.map(({ pid }) => pid)).size).toBe(1);
    expect(mostAtOnce(one)).toBe(1);
    expect(new Set(four.map(({ pid }) => pid)).size).toBe(4);
    expect(mostAtOnce(four)).toBe(4);
  });

  it('refuses a REEL_LOCAL_WORKERS that is not a whole number from 1 to 16', () => {
    expect(
      () =>
        new LambdaHostPool({
          bundlesDir: join(dir, 'bundles'),
          env: { REEL_LOCAL_WORKERS: 'lots' },
          logFile: join(dir, 'hosts.log'),
        }),
    ).toThrow(/REEL_LOCAL_WORKERS/);
  });
  it('stops the idle hosts of retired services at once, keeps their log lines, and close() waits for them', async () => {
    // Arrange
    const services: ServiceName[] = ['media-validator', 'audio-extraction'];
    for (const service of services) {
      await mkdir(join(dir, 'bundles', service), { recursive: true });
      await writeFile(join(dir, 'bundles', service, 'index.mjs'), LOGGING_BUNDLE);
    }
    const logFile = join(dir, 'hosts.log');
    const pool = new LambdaHostPool({
      bundlesDir: join(dir, 'bundles'),
      env: { PATH: process.env['PATH'], TMPDIR: dir },
      logFile,
    });
    let retiredPid = 0;
    let keptPid = 0;
    try {
      retiredPid = ((await pool.invoke('media-validator', { index: 1 })) as { pid: number }).pid;
      keptPid = ((await pool.invoke('audio-extraction', { index: 2 })) as { pid: number }).pid;

      // Act
      pool.retire(['media-validator']);
      const deadlineMs = Date.now() + 5_000;
      while (isRunning(retiredPid) && Date.now() < deadlineMs) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      // Assert: stopped before close(), the other service's host still serving
      expect(isRunning(retiredPid)).toBe(false);
      expect(isRunning(keptPid)).toBe(true);
    } finally {
      await pool.close();
    }
    const logged = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { loggedBy: number });
    expect(logged.map(({ loggedBy }) => loggedBy).sort()).toEqual([retiredPid, keptPid].sort());
    expect(isRunning(keptPid)).toBe(false);
  });

  it('leaves a busy host of a retired service to finish its invocation', async () => {
    const pool = new LambdaHostPool({
      bundlesDir: join(dir, 'bundles'),
      env: { PATH: process.env['PATH'], TMPDIR: dir, REEL_LOCAL_WORKERS: '1' },
      logFile: join(dir, 'hosts.log'),
    });
    try {
      const running = pool.invoke('video-render-engine', { index: 7 });
      await new Promise((resolve) => setTimeout(resolve, 100));

      pool.retire(['video-render-engine']);

      await expect(running).resolves.toMatchObject({ index: 7 });
    } finally {
      await pool.close();
    }
  });

  it('logs the hosts of every service into one file without a listener warning', async () => {
    // Arrange: one host per service, each writing to stdout and stderr
    for (const service of serviceNames) {
      await mkdir(join(dir, 'bundles', service), { recursive: true });
      await writeFile(join(dir, 'bundles', service, 'index.mjs'), LOGGING_BUNDLE);
    }
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const pool = new LambdaHostPool({
      bundlesDir: join(dir, 'bundles'),
      env: { PATH: process.env['PATH'], TMPDIR: dir },
      logFile: join(dir, 'hosts.log'),
    });
    try {
      // Act
      await Promise.all(serviceNames.map((service, index) => pool.invoke(service, { index })));
    } finally {
      await pool.close();
      process.off('warning', onWarning);
    }

    // Assert
    expect(serviceNames.length).toBeGreaterThan(5);
    expect(warnings.map(({ name }) => name)).not.toContain('MaxListenersExceededWarning');
    const lines = (await readFile(join(dir, 'hosts.log'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(serviceNames.length);
  });
});
