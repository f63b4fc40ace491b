// Peak RSS and throughput of a 300 MB object streamed up and back down through the S3 backend
// (s3rver, in its own process), side by side with two baselines measured in the same run: the
// same bytes hashed into /dev/null, and the same put + get through the local backend. Each phase
// runs in a fresh child process so one phase's heap cannot inflate the next one's peak.
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { buildJobKey, createStorage, type MediaStorage } from '@reel/storage';
import { startS3rver } from '@reel/test-servers';
import { deterministicStream, sha256Of } from './deterministic-bytes';

const OBJECT_BYTES = 300 * 1024 * 1024;
const MB = 1e6;
const phases = [
  'baseline: hash to /dev/null',
  'baseline: local backend',
  's3 backend (s3rver)',
] as const;
type Phase = (typeof phases)[number];

interface PhaseResult {
  phase: Phase;
  idleRssBytes: number;
  peakRssBytes: number;
  upSec: number;
  downSec: number;
  /** Whether the bytes read back hash the same as those written; undefined when nothing is read back. */
  identical?: boolean;
}

function sampleRss(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function roundTrip(
  storage: MediaStorage,
): Promise<Omit<PhaseResult, 'phase' | 'idleRssBytes' | 'peakRssBytes'>> {
  const key = buildJobKey({
    env: 'bench',
    tenantId: 'bench',
    jobId: 'storage-300mb',
    kind: 'input',
    name: 'source.bin',
  });
  const source = deterministicStream(OBJECT_BYTES);
  const upStart = performance.now();
  await storage.putStream({ key, body: source.stream });
  const upSec = (performance.now() - upStart) / 1000;
  const downStart = performance.now();
  const readBack = await sha256Of(await storage.getStream({ key }));
  const downSec = (performance.now() - downStart) / 1000;
  await storage.delete({ key });
  return {
    upSec,
    downSec,
    identical: readBack.sha256 === source.sha256() && readBack.bytes === OBJECT_BYTES,
  };
}

async function runPhase(
  phase: Phase,
  endpoint: string | undefined,
  bucket: string,
): Promise<PhaseResult> {
  const idleRssBytes = process.memoryUsage().rss;
  const sampler = sampleRss();
  let measured: Omit<PhaseResult, 'phase' | 'idleRssBytes' | 'peakRssBytes'>;
  if (phase === 'baseline: hash to /dev/null') {
    const source = deterministicStream(OBJECT_BYTES);
    const start = performance.now();
    await pipeline(source.stream, createWriteStream('/dev/null'));
    measured = { upSec: (performance.now() - start) / 1000, downSec: 0 };
  } else if (phase === 'baseline: local backend') {
    const rootDir = await mkdtemp(join(tmpdir(), 'reel-bench-local-'));
    try {
      measured = await roundTrip(createStorage({ backend: 'local', rootDir }));
    } finally {
      await rm(rootDir, { recursive: true, force: true });
    }
  } else {
    measured = await roundTrip(
      createStorage({
        backend: 'aws',
        bucket,
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    );
  }
  return { phase, idleRssBytes, peakRssBytes: sampler.stop(), ...measured };
}

function forkAndAwait<Message>(
  modulePath: string,
  args: string[],
  onMessage?: (message: Message) => void,
) {
  const child = fork(modulePath, args, {
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(import.meta.dirname, '../tsconfig.json') },
  });
  const firstMessage = new Promise<Message>((resolvePromise, reject) => {
    child.once('message', (message) => {
      onMessage?.(message as Message);
      resolvePromise(message as Message);
    });
    child.once('exit', (code) =>
      reject(new Error(`${modulePath} exited with ${code} before reporting`)),
    );
  });
  return { child, firstMessage };
}

async function main(): Promise<void> {
  // s3rver runs in its own process (the shared test harness), out of every phase's RSS samples.
  const s3 = await startS3rver({ bucket: 'reel-bench' });
  try {
    const results: PhaseResult[] = [];
    for (const phase of phases) {
      const run = forkAndAwait<PhaseResult>(fileURLToPath(import.meta.url), [
        '--phase',
        phase,
        s3.endpoint,
        s3.bucket,
      ]);
      results.push(await run.firstMessage);
    }
    report(results);
  } finally {
    await s3.stop();
  }
}

function report(results: PhaseResult[]): void {
  const baseline = results[0];
  const localBaseline = results[1];
  if (baseline === undefined || localBaseline === undefined) throw new Error('missing baseline');
  const mbps = (seconds: number) => (seconds > 0 ? (OBJECT_BYTES / MB / seconds).toFixed(0) : '—');
  console.log(
    `storage bench: ${OBJECT_BYTES / 1024 / 1024} MiB up and back down, Node ${process.version}`,
  );
  console.log(
    [
      'phase'.padEnd(30),
      'up MB/s',
      'down MB/s',
      'idle RSS',
      'peak RSS',
      'growth',
      '÷ /dev/null',
      '÷ local',
      'identical',
    ].join(' | '),
  );
  for (const result of results) {
    console.log(
      [
        result.phase.padEnd(30),
        mbps(result.upSec).padStart(7),
        mbps(result.downSec).padStart(9),
        `${(result.idleRssBytes / MB).toFixed(0)} MB`.padStart(8),
        `${(result.peakRssBytes / MB).toFixed(0)} MB`.padStart(8),
        `${((result.peakRssBytes - result.idleRssBytes) / MB).toFixed(0)} MB`.padStart(6),
        `${(result.peakRssBytes / baseline.peakRssBytes).toFixed(2)}×`.padStart(11),
        `${(result.peakRssBytes / localBaseline.peakRssBytes).toFixed(2)}×`.padStart(7),
        String(result.identical ?? '—').padStart(9),
      ].join(' | '),
    );
  }
  if (results.some((result) => result.identical === false)) process.exitCode = 1;
}

if (process.argv[2] === '--phase') {
  const [, , , phase, endpoint, bucket = ''] = process.argv;
  const result = await runPhase(phase as Phase, endpoint, bucket);
  process.send?.(result);
} else {
  await main();
}
