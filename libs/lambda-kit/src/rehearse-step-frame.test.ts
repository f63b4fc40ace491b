import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReelConfig } from '@reel/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rehearseStepFrame, removeRehearsalLeftovers } from './rehearse-step-frame';

let parentDir: string;
beforeEach(async () => {
  parentDir = await mkdtemp(join(tmpdir(), 'rehearsal-test-'));
});
afterEach(() => rm(parentDir, { recursive: true, force: true }));

function configWith(overrides: Partial<ReelConfig>): ReelConfig {
  return {
    env: 'dev',
    region: 'us-east-1',
    backend: 'local',
    mediaStoragePath: join(parentDir, 'real-storage'),
    ...overrides,
  } as ReelConfig;
}

describe('rehearseStepFrame', () => {
  it('walks a whole step frame on a throwaway backend and leaves nothing behind', async () => {
    const { error, durationMs } = await rehearseStepFrame(configWith({}), { parentDir });
    expect(error).toBeUndefined();
    expect(durationMs).toBeGreaterThan(0);
    // Neither its scratch dir nor anything in the configured storage is left.
    expect(await readdir(parentDir)).toEqual([]);
  });

  it('rehearses on the local backend when the config is for AWS (no client is called)', async () => {
    const config = configWith({
      backend: 'aws',
      bucket: 'b',
      jobsTable: 't',
      s3Endpoint: 'http://127.0.0.1:9',
      dynamoDbEndpoint: 'http://127.0.0.1:9',
      s3ForcePathStyle: true,
    } as Partial<ReelConfig>);
    const { error } = await rehearseStepFrame(config, { parentDir });
    expect(error).toBeUndefined();
    expect(await readdir(parentDir)).toEqual([]);
  });

  it('reports what stopped it instead of rejecting', async () => {
    const { error } = await rehearseStepFrame(configWith({ env: 'not a valid env!' }), {
      parentDir,
    });
    expect(error).toBeInstanceOf(Error);
    expect(await readdir(parentDir)).toEqual([]);
  });
});

describe('removeRehearsalLeftovers', () => {
  it('removes only the rehearsal dirs of the given processes, whatever they hold', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    for (const name of ['reel-rehearsal-111-aaaa', 'reel-rehearsal-1112-bbbb', 'reel-run-111-x']) {
      await mkdir(join(parentDir, name, 'storage/dev'), { recursive: true });
      await writeFile(join(parentDir, name, 'storage/dev/run-lease.json'), '{}');
    }
    await removeRehearsalLeftovers({ rootDir: parentDir, pids: [111] });
    expect((await readdir(parentDir)).sort()).toEqual([
      'reel-rehearsal-1112-bbbb',
      'reel-run-111-x',
    ]);
  });

  it('names its scratch dir after its process, so it is found when the process was stopped', async () => {
    const seen: string[] = [];
    const { watch } = await import('node:fs');
    const watcher = watch(parentDir, (_event, name) => name && seen.push(name));
    await rehearseStepFrame(configWith({}), { parentDir });
    watcher.close();
    expect(seen.some((name) => name.startsWith(`reel-rehearsal-${process.pid}-`))).toBe(true);
  });
});

describe('rehearseStepFrame stopped by its signal', () => {
  it('stops at its next stage and still removes its scratch dir', async () => {
    const controller = new AbortController();
    const rehearsal = rehearseStepFrame(configWith({}), { parentDir, signal: controller.signal });
    controller.abort();
    const { error } = await rehearsal;
    expect((error as Error).name).toBe('AbortError');
    expect(await readdir(parentDir)).toEqual([]);
  });
});
