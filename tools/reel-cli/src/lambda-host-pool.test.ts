import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LambdaHostPool } from './lambda-host-pool';

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
});
