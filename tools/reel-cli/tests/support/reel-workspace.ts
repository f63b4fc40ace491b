import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStoredManifest, type JobManifest } from '@reel/manifest';
import { execa } from 'execa';

// The CLI as a user runs it: a child process, real files, real ffmpeg, the built service bundles.
const workspaceRoot = join(import.meta.dirname, '../../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');
/** The commands that build the bundles unless told not to (the tests use the built ones). */
const BUILDING_COMMANDS = ['run', 'render'];

/** A work dir with its own storage and scratch parent, and `reel` run against them. */
export interface ReelWorkspace {
  workDir: string;
  storageDir: string;
  /** The TMPDIR of every `reel` process. */
  scratchParent: string;
  /** Runs `reel` (never rejects), `--no-build` added for run and render. */
  reel: (args: string[]) => ReturnType<typeof execa>;
  readManifest: (tenant: string, job: string) => Promise<JobManifest>;
  /** Every scratch dir reel makes starts with `reel-` (tsx keeps its own cache beside them). */
  reelScratchDirs: () => Promise<string[]>;
  remove: () => Promise<void>;
}

/**
 * Makes a fresh work dir under the system temp dir for one test file's `reel` runs.
 *
 * @example
 * const workspace = await createReelWorkspace('reel-cli-');
 * const { exitCode } = await workspace.reel(['status', '--tenant', 'acme', '--job', 'talk-1']);
 * await workspace.remove();
 */
export async function createReelWorkspace(prefix: string): Promise<ReelWorkspace> {
  const workDir = await mkdtemp(join(tmpdir(), prefix));
  const storageDir = join(workDir, 'storage');
  const scratchParent = join(workDir, 'tmp');
  await mkdir(scratchParent, { recursive: true });
  const manifestPath = (tenant: string, job: string) =>
    join(storageDir, 'dev', tenant, job, 'manifest.json');
  return {
    workDir,
    storageDir,
    scratchParent,
    reel: (args) =>
      execa(
        reelBin,
        [...args, ...(BUILDING_COMMANDS.includes(args[0] ?? '') ? ['--no-build'] : [])],
        {
          cwd: workDir,
          reject: false,
          env: { MEDIA_STORAGE_PATH: storageDir, TMPDIR: scratchParent, REEL_ENV: 'dev' },
        },
      ),
    readManifest: async (tenant, job) =>
      parseStoredManifest(await readFile(manifestPath(tenant, job), 'utf8'), {
        source: manifestPath(tenant, job),
      }),
    reelScratchDirs: async () =>
      (await readdir(scratchParent)).filter((name) => name.startsWith('reel-')),
    remove: () => rm(workDir, { recursive: true, force: true }),
  };
}

/**
 * Polls `condition` every 100 ms until it holds; throws after `timeoutMs`.
 *
 * @example
 * await waitUntil(async () => (await readManifest('acme', 'job-1').catch(() => undefined)) !== undefined);
 */
export async function waitUntil(
  condition: () => Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const giveUpAtMs = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAtMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** ffprobe's streams and format of `path`, as JSON. */
export async function probe(path: string) {
  const { stdout } = await execa('ffprobe', [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-of',
    'json',
    path,
  ]);
  return JSON.parse(stdout) as {
    format: { duration: string; format_name: string };
    streams: Array<{
      codec_name: string;
      sample_rate?: string;
      duration?: string;
      channels?: number;
    }>;
  };
}
