// The audio-clips API over HTTP on loopback, as users call it: `reel serve` (the built CLI in a
// child process, the built audio-clips-api bundle in its hosts, the local backend), a 60-min
// episode (espeak-ng speech looped, libmp3lame VBR q2 as audio-extraction writes it) and 30 s
// clips. Side by side in one run:
//   cache miss      distinct 30 s clips, one at a time (the seek index already built)
//   naive           the same clips cut by output seek (`-i episode -ss start -t 30`: decodes from 0)
//   source design   its measured 2,340 ms (fetch the episode, then cut)
//   cache hit       one cached clip asked again and again, one at a time
//   autocannon      hits at 1,000 req/s for 10 s
//   200 misses      200 distinct clips at once: only 200 or 429, and the server's peak RSS
// Targets (issue 12): miss ≤ 470 ms and ≥ 3× faster than naive; hit p50 ≤ 5 ms; autocannon p99
// ≤ 50 ms; 200 concurrent misses: no error but 429.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addExtractedAudio, createTestEnvironment } from '@reel/test-jobs';
import { execa } from 'execa';

const workspaceRoot = join(import.meta.dirname, '../../..');
const nodeBin = join(workspaceRoot, 'node_modules/node/bin/node');
const reelScript = join(workspaceRoot, 'tools/reel-cli/bin/reel.mjs');
const keyPattern = /reel_dev_[a-z2-7]{12}_[a-z2-7]{52}/;

const EPISODE_SEC = Number(process.env['BENCH_CLIPS_EPISODE_SEC'] ?? 3_600);
const CLIP_MS = 30_000;
const MISS_SAMPLES = 8;
const NAIVE_SAMPLES = 3;
const HIT_SAMPLES = 200;
const CONCURRENT_MISSES = 200;
const SOURCE_DESIGN_MISS_MS = 2_340;
const targets = { missMs: 470, missVsNaive: 3, hitP50Ms: 5, rateP99Ms: 50 };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Clip starts spread over the episode, whole ms, never repeating. */
function clipStarts(count: number, salt: number): number[] {
  const spanMs = EPISODE_SEC * 1000 - CLIP_MS - 1000 - count * 13 - salt * 7;
  return Array.from({ length: count }, (_, i) =>
    Math.floor(((i + 0.5) / count) * spanMs + salt * 7 + i * 13),
  );
}

/** RSS of a process and its children (the serve process and its hosts), in bytes. */
async function treeRssBytes(pid: number): Promise<number> {
  const { stdout } = await execa('ps', ['-o', 'rss=', '-p', String(pid), '--ppid', String(pid)], {
    reject: false,
  });
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()) * 1024)
    .filter((bytes) => bytes > 0)
    .reduce((sum, bytes) => sum + bytes, 0);
}

const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-clips-'));
const environment = await createTestEnvironment({ name: 'bench-clips' });
const { config } = environment.dependencies;
if (config.backend !== 'local') throw new Error('bench:clips runs on the local backend');
const serveEnv = {
  ...process.env,
  MEDIA_STORAGE_PATH: config.mediaStoragePath,
  REEL_ENV: 'dev',
  LOG_LEVEL: 'ERROR',
  TMPDIR: join(workDir, 'tmp'),
};
await mkdir(serveEnv.TMPDIR, { recursive: true });
let serve: ReturnType<typeof spawn> | undefined;

try {
  console.log(`Generating a ${EPISODE_SEC / 60}-min episode (espeak-ng speech, MP3 VBR q2)…`);
  const speechPath = join(workDir, 'speech.wav');
  const episodePath = join(workDir, 'episode.mp3');
  await execa('espeak-ng', [
    '-w',
    speechPath,
    'Welcome back to the show. Today we talk about serverless media processing, cutting clips to the millisecond, and why a cache matters more than raw speed.',
  ]);
  // prettier-ignore
  await execa('ffmpeg', [
    '-nostdin', '-v', 'error', '-stream_loop', '-1', '-i', speechPath, '-t', String(EPISODE_SEC),
    '-ac', '1', '-ar', '44100', '-c:a', 'libmp3lame', '-q:a', '2', '-y', episodePath,
  ]);
  const job = await environment.createJob('ep-60', episodePath);
  await addExtractedAudio(environment, { job, mediaPath: episodePath });
  const mp3Key = (await environment.dependencies.manifests.get(job))?.results.audio?.mp3Key;
  if (mp3Key === undefined) throw new Error('no mp3Key');
  await environment.dependencies.storage.putFile({ key: mp3Key, path: episodePath });

  const created = await execa(nodeBin, [reelScript, 'keys', 'create', '--tenant', 'acme'], {
    env: serveEnv,
  });
  const apiKey = keyPattern.exec(created.stdout)?.[0];
  if (apiKey === undefined) throw new Error(`no key in: ${created.stdout}`);
  const headers = { authorization: `Bearer ${apiKey}` };

  serve = spawn(nodeBin, [reelScript, 'serve', '--port', '0', '--no-build'], {
    env: serveEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const servePid = serve.pid ?? 0;
  let serveStderr = '';
  serve.stderr?.on('data', (chunk: Buffer) => (serveStderr += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`serve did not start: ${serveStderr}`)),
      60_000,
    );
    serve?.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((text) => text.includes('"Listening"'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    // Request log lines are not read past the start: drain them.
    serve?.stdout?.resume();
  });
  const clipUrl = (startMs: number) =>
    `${baseUrl}/api/v1/audio_clips/ep-60?start_time_ms=${startMs}&duration_ms=${CLIP_MS}`;
  const timedGet = async (startMs: number) => {
    const startedAt = performance.now();
    const response = await fetch(clipUrl(startMs), { headers });
    const body = (await response.json()) as { cache_hit?: boolean; generation_time_ms?: number };
    return { status: response.status, body, ms: performance.now() - startedAt };
  };

  // The first clip of the episode builds its seek index (a stream of the whole MP3), once.
  const first = await timedGet(1_234);
  if (first.status !== 200) throw new Error(`first clip answered ${first.status}`);

  const missStarts = clipStarts(MISS_SAMPLES, 1);
  const misses: number[] = [];
  for (const startMs of missStarts) {
    const { status, body, ms: took } = await timedGet(startMs);
    if (status !== 200 || body.cache_hit !== false) throw new Error(`miss answered ${status}`);
    misses.push(took);
  }

  const naive: number[] = [];
  for (const startMs of missStarts.slice(-NAIVE_SAMPLES)) {
    const startedAt = performance.now();
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error', '-i', episodePath, '-ss', (startMs / 1000).toFixed(3),
      '-t', String(CLIP_MS / 1000), '-c:a', 'libmp3lame', '-q:a', '2', '-y', join(workDir, 'naive.mp3'),
    ]);
    naive.push(performance.now() - startedAt);
  }

  const hitStart = missStarts[0] ?? 0;
  const hits: number[] = [];
  for (let i = 0; i < HIT_SAMPLES; i += 1) {
    const { status, body, ms: took } = await timedGet(hitStart);
    if (status !== 200 || body.cache_hit !== true) throw new Error(`hit answered ${status}`);
    hits.push(took);
  }

  const rate = await autocannon({
    url: clipUrl(hitStart),
    headers,
    connections: 20,
    overallRate: 1_000,
    duration: 10,
  });

  const concurrentStarts = clipStarts(CONCURRENT_MISSES, 2);
  let peakRssBytes = await treeRssBytes(servePid);
  const idleRssBytes = peakRssBytes;
  const rssTimer = setInterval(() => {
    void treeRssBytes(servePid).then((bytes) => (peakRssBytes = Math.max(peakRssBytes, bytes)));
  }, 100);
  const burstStartedAt = performance.now();
  const burst = await Promise.all(
    concurrentStarts.map((startMs) =>
      fetch(clipUrl(startMs), { headers }).then(
        async (response) => {
          await response.arrayBuffer();
          return String(response.status);
        },
        (error: Error) => `error ${error.message}`,
      ),
    ),
  );
  const burstMs = performance.now() - burstStartedAt;
  clearInterval(rssTimer);
  const statusCounts = burst.reduce<Record<string, number>>((counts, status) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});
  const unexpected = burst.filter((status) => status !== '200' && status !== '429').length;

  const missP50 = percentile(misses, 50);
  const naiveP50 = percentile(naive, 50);
  const hitP50 = percentile(hits, 50);
  const rateP99 = rate.latency.p99;
  const { loadavg } = await import('node:os');
  console.log(
    `\nbench:clips — 30 s clips of a ${EPISODE_SEC / 60}-min episode over HTTP via reel serve (load ${loadavg()[0]?.toFixed(1)})`,
  );
  console.table([
    {
      what: 'first clip (builds the seek index)',
      value: ms(first.ms),
      target: '',
      verdict: '',
    },
    {
      what: `cache miss p50 (${MISS_SAMPLES} clips; max ${ms(Math.max(...misses))})`,
      value: ms(missP50),
      target: `≤ ${targets.missMs} ms`,
      verdict: verdict(missP50 <= targets.missMs),
    },
    {
      what: `naive output-seek re-encode p50 (${NAIVE_SAMPLES} clips)`,
      value: ms(naiveP50),
      target: '',
      verdict: '',
    },
    {
      what: 'naive ÷ miss',
      value: `${(naiveP50 / missP50).toFixed(1)}×`,
      target: `≥ ${targets.missVsNaive}×`,
      verdict: verdict(naiveP50 / missP50 >= targets.missVsNaive),
    },
    {
      what: 'source design (2,340 ms) ÷ miss',
      value: `${(SOURCE_DESIGN_MISS_MS / missP50).toFixed(1)}×`,
      target: '≥ 5×',
      verdict: verdict(SOURCE_DESIGN_MISS_MS / missP50 >= 5),
    },
    {
      what: `cache hit p50 (${HIT_SAMPLES} sequential; p99 ${ms(percentile(hits, 99))})`,
      value: ms(hitP50),
      target: `≤ ${targets.hitP50Ms} ms`,
      verdict: verdict(hitP50 <= targets.hitP50Ms),
    },
    {
      what: `autocannon hits 1,000 req/s × 10 s: ${rate.requests.average} req/s, ${rate.non2xx} non-2xx, ${rate.errors} errors`,
      value: `p99 ${rateP99} ms`,
      target: `≤ ${targets.rateP99Ms} ms`,
      verdict: verdict(rateP99 <= targets.rateP99Ms && rate.non2xx === 0 && rate.errors === 0),
    },
    {
      what: `${CONCURRENT_MISSES} concurrent misses in ${ms(burstMs)}: ${JSON.stringify(statusCounts)}`,
      value: `${unexpected} other`,
      target: 'only 200/429',
      verdict: verdict(unexpected === 0),
    },
    {
      what: 'serve + hosts RSS during the 200 misses',
      value: `${(peakRssBytes / 1e6).toFixed(0)} MB peak (idle ${(idleRssBytes / 1e6).toFixed(0)} MB)`,
      target: 'bounded',
      verdict: '',
    },
  ]);
} finally {
  serve?.kill('SIGTERM');
  if (serve !== undefined && serve.exitCode === null) {
    await new Promise((resolve) => serve?.once('exit', resolve));
  }
  await environment.cleanup();
  await rm(workDir, { recursive: true, force: true });
}
