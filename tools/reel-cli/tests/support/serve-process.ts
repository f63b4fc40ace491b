import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addExtractedAudio, type TestEnvironment } from '@reel/test-jobs';
import { execa } from 'execa';

// `reel serve` as a user runs it: the built CLI in a child process on the workspace's Node.
const workspaceRoot = join(import.meta.dirname, '../../../..');
export const nodeBin = join(workspaceRoot, 'node_modules/node/bin/node');
export const reelScript = join(workspaceRoot, 'tools/reel-cli/bin/reel.mjs');
export const keyPattern = /reel_dev_[a-z2-7]{12}_[a-z2-7]{52}/;

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** Absent on the AWS backend (no /objects there). */
  publicBaseUrl?: string;
  stdoutLines: () => string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The server's child processes: its hosts. */
  hostPids: () => Promise<number[]>;
}

/**
 * Starts `reel serve --port 0 --no-build …` and resolves once its `Listening` line is out.
 *
 * @example
 * const serve = await startServeProcess({ cwd: workDir, env: { MEDIA_STORAGE_PATH: dir } });
 */
export async function startServeProcess({
  cwd,
  env,
  args = [],
}: {
  cwd: string;
  env: Record<string, string | undefined>;
  args?: string[];
}): Promise<ServeProcess> {
  const child = spawn(nodeBin, [reelScript, 'serve', '--port', '0', '--no-build', ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = await new Promise<{ url: string; publicBaseUrl?: string }>(
    (resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
      const check = () => {
        const line = stdout.split('\n').find((text) => text.includes('"Listening"'));
        if (line === undefined) return;
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(JSON.parse(line) as { url: string; publicBaseUrl?: string });
      };
      child.stdout?.on('data', check);
      void exited.then(() => reject(new Error(`serve exited: ${stderr}`)));
    },
  );
  return {
    child,
    ...listening,
    stdoutLines: () => stdout.split('\n').filter((line) => line !== ''),
    stderr: () => stderr,
    exited,
    hostPids: async () => {
      const { stdout: pids } = await execa('ps', ['-o', 'pid=', '--ppid', String(child.pid)], {
        reject: false,
      });
      return pids
        .split('\n')
        .map((pid) => Number(pid.trim()))
        .filter((pid) => pid > 0);
    },
  };
}

/** A 440 Hz episode of `durationSec` with extracted audio, as audio-extraction leaves it. */
export async function addSineEpisode(
  environment: TestEnvironment,
  { jobId, mp3Path, durationSec = 6 }: { jobId: string; mp3Path: string; durationSec?: number },
): Promise<void> {
  // prettier-ignore
  await execa('ffmpeg', [
    '-nostdin', '-v', 'error',
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${durationSec}`,
    '-c:a', 'libmp3lame', '-q:a', '4', '-y', mp3Path,
  ]);
  const job = await environment.createJob(jobId, mp3Path);
  await addExtractedAudio(environment, { job, mediaPath: mp3Path });
  const manifest = await environment.dependencies.manifests.get(job);
  const mp3Key = manifest?.results.audio?.mp3Key;
  if (mp3Key === undefined) throw new Error('addExtractedAudio left no mp3Key');
  await environment.dependencies.storage.putFile({ key: mp3Key, path: mp3Path });
}

/** Codec names and duration of a media file, from ffprobe. */
export async function probeCodecsAndDuration(
  path: string,
): Promise<{ codecs: string[]; durationSec: number }> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration:stream=codec_name'],
    ...['-of', 'json', path],
  ]);
  const probed = JSON.parse(stdout) as {
    format: { duration: string };
    streams: Array<{ codec_name: string }>;
  };
  return {
    codecs: probed.streams.map(({ codec_name }) => codec_name),
    durationSec: Number(probed.format.duration),
  };
}

/** Whether `pid` runs: an exited process not reaped yet (a zombie, state Z) does not. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 50 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const giveUpAtMs = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAtMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
