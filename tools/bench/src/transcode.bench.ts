/**
 * The media-transcoder's ladder beside the usual ways of making one, in one run, on generated
 * sources (testsrc2 + a tone, 30 fps), every encode x264 `veryfast` at the rungs' bitrates from
 * @reel/ladder's plan (the same plan the transcoder builds), AAC-LC 128k:
 *
 *   reel   the transcoder's step (its built bundle's handler, local backend): the ladder encoded
 *          once and packaged once as CMAF for HLS + DASH, the MP4 remuxed, poster, thumbnails,
 *          storyboard and loudness — everything it publishes;
 *   (a)    the naive way, as MediaConvert-style output groups do it: HLS, DASH and MP4 each a full
 *          3-rung ladder, each rung its own ffmpeg run that decodes the source again (9 encodes);
 *   (b)    the bare encodes of the three rungs (one ffmpeg run each, MP4 out, nothing else).
 * Targets: (a) / reel ≥ 3.0, reel / (b) ≤ 1.15.
 *
 * Then time-to-playable: seconds from the step's start until the storage holds an HLS master that
 * lists a rendition whose media playlist is complete (`#EXT-X-ENDLIST`) with its init segment,
 * every segment and its audio rendition (when it names one) in place, for a 60 s and a 5 min input
 * (target ≤ 0.5 × the media's duration). And the chunk-parallel path on the 5 min input: the step
 * as one process vs prepare → 2 chunk Tasks at once (2 workers, as the workflow's Map runs them)
 * → finish; its speed-up over the one process.
 *
 *   npx nx run bench:transcode              # 60 s 1080p30 and 5 min 1080p30 (≈ 15–20 min)
 *   npx nx run bench:transcode -- --quick   # 10 s 1080p and 40 s 720p smoke run (REEL_BENCH_SHORT=1 too)
 *   npx nx run bench:transcode -- --ladder-only   # only the 60 s comparison (no 5 min input)
 *
 * Each comparison prints as soon as it is measured, so a later stage that fails (a chunk past
 * its 900 s Lambda budget on a loaded machine) does not lose the earlier figures.
 */
import { access, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLadder, ladderSourceFromProbe, type LadderPlan, type RungPlan } from '@reel/ladder';
import { transcodeOptionsSchema } from '@reel/media-types';
import { buildJobRootKey } from '@reel/storage';
import { parseMediaPlaylist } from '@reel/stream-manifests';
import { createTestEnvironment, type TestEnvironment } from '@reel/test-jobs';
import { execa } from 'execa';

const quick = process.argv.includes('--quick') || process.env['REEL_BENCH_SHORT'] === '1';
const ladderOnly = process.argv.includes('--ladder-only');
const FPS = 30;
/** The ladder comparison's source, and the long input of time-to-playable and chunking. */
const SOURCES = quick
  ? { short: { durationSec: 10, height: 1080 }, long: { durationSec: 40, height: 720 } }
  : { short: { durationSec: 60, height: 1080 }, long: { durationSec: 300, height: 1080 } };
/**
 * The long input in 2 chunks: a threshold below its length, chunks of half of it plus a segment
 * (the AAC priming makes the source a few ms longer than its picture: a third, one-segment chunk
 * otherwise).
 */
const CHUNKING = {
  chunkThresholdSec: 30,
  chunkDurationSec: SOURCES.long.durationSec / 2 + 4,
  chunks: 2,
  workers: 2,
};
const AUDIO_BITRATE_KBPS = 128;
const workspaceRoot = join(import.meta.dirname, '../../..');
const bundlePath = join(workspaceRoot, 'dist/apps/media-transcoder/index.mjs');
/** Lambda's longest timeout: what the step is given on AWS. */
const LAMBDA_BUDGET_MS = 900_000;
// No single ffmpeg run of the bench may take longer.
const RUN_LIMIT_MS = 30 * 60_000;

const ffmpeg = (args: string[]) =>
  execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-y', ...args], {
    timeout: RUN_LIMIT_MS,
  });

async function timed(run: () => Promise<unknown>): Promise<number> {
  const startMs = performance.now();
  await run();
  return (performance.now() - startMs) / 1000;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

interface Bench {
  workDir: string;
  environment: TestEnvironment;
  handler: Handler;
}

/** A testsrc2 + tone source, encoded near-losslessly fast (not part of any timing). */
async function generateSource(
  path: string,
  { durationSec, height }: { durationSec: number; height: number },
): Promise<void> {
  const width = Math.round((height * 16) / 9 / 2) * 2;
  // prettier-ignore
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=${FPS}:d=${durationSec}`,
    '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${durationSec}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '14', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '192k', '-ac', '2', path,
  ]);
}

/** The plan the transcoder builds for this source with the default options. */
async function ladderPlanOf(environment: TestEnvironment, source: string): Promise<LadderPlan> {
  const probe = await environment.dependencies.runtime.probe({ input: source });
  return buildLadder(ladderSourceFromProbe(probe), transcodeOptionsSchema.parse({}));
}

/** One rung as the naive and the bare encodes make it: the plan's size, bitrate and GOP. */
function rungArgs(plan: LadderPlan, rung: RungPlan): string[] {
  // prettier-ignore
  return [
    '-vf', `scale=${rung.width}:${rung.height}`, '-r', String(plan.frameRate),
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-b:v', `${rung.bitrateKbps}k`, '-maxrate', `${rung.maxrateKbps}k`, '-bufsize', `${rung.bufsizeKbps}k`,
    '-g', String(plan.gopFrames), '-keyint_min', String(plan.gopFrames), '-sc_threshold', '0',
    '-c:a', 'aac', '-b:a', `${AUDIO_BITRATE_KBPS}k`,
  ];
}

/** (a): 3 formats × 3 rungs, each its own ffmpeg run from the source. */
async function naiveLadder(dir: string, source: string, plan: LadderPlan): Promise<number> {
  const segmentSec = String(plan.segmentDurationSec);
  const formats: Array<[string, (rungDir: string) => string[]]> = [
    // prettier-ignore
    ['hls', (rungDir) => ['-f', 'hls', '-hls_time', segmentSec, '-hls_playlist_type', 'vod',
      '-hls_segment_filename', join(rungDir, 'seg-%05d.ts'), join(rungDir, 'index.m3u8')]],
    [
      'dash',
      (rungDir) => ['-f', 'dash', '-seg_duration', segmentSec, join(rungDir, 'manifest.mpd')],
    ],
    ['mp4', (rungDir) => ['-movflags', '+faststart', join(rungDir, 'rung.mp4')]],
  ];
  return timed(async () => {
    for (const [format, outputArgs] of formats) {
      for (const rung of plan.video) {
        const rungDir = join(dir, format, rung.name);
        await mkdir(rungDir, { recursive: true });
        await ffmpeg(['-i', source, ...rungArgs(plan, rung), ...outputArgs(rungDir)]);
      }
    }
  });
}

/** (b): each rung alone, once, to an MP4. */
async function bareEncodes(dir: string, source: string, plan: LadderPlan): Promise<number> {
  await mkdir(dir, { recursive: true });
  return timed(async () => {
    for (const rung of plan.video) {
      await ffmpeg(['-i', source, ...rungArgs(plan, rung), join(dir, `${rung.name}.mp4`)]);
    }
  });
}

const lambdaContext = (deadlineAtMs: number) => ({
  awsRequestId: `bench-${Math.random().toString(16).slice(2)}`,
  functionName: 'reel-media-transcoder',
  getRemainingTimeInMillis: () => Math.max(0, deadlineAtMs - Date.now()),
});

/** Calls the handler as the workflow's Task does, with a whole Lambda budget. */
function invoke(bench: Bench, event: Record<string, unknown>): Promise<unknown> {
  return bench.handler(event, lambdaContext(Date.now() + LAMBDA_BUDGET_MS));
}

/**
 * Whether `cmafDir` (the job's `renditions/cmaf`) holds a version whose master lists a rendition a
 * player can play to its end: its playlist complete, its init and segments present, and its audio
 * rendition (when the variant names an audio group) complete too.
 */
async function isPlayable(cmafDir: string): Promise<boolean> {
  const versions = await readdir(cmafDir).catch(() => [] as string[]);
  for (const version of versions.filter((name) => /^v\d+$/.test(name))) {
    const versionDir = join(cmafDir, version);
    const master = await readFile(join(versionDir, 'master.m3u8'), 'utf8').catch(() => undefined);
    if (master === undefined) continue;
    const lines = master.split(/\r?\n/);
    const audioUris = new Map<string, string>();
    for (const line of lines.filter((entry) => entry.startsWith('#EXT-X-MEDIA:'))) {
      const group = /GROUP-ID="([^"]+)"/.exec(line)?.[1];
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      if (/TYPE=AUDIO/.test(line) && group !== undefined && uri !== undefined) {
        audioUris.set(group, uri);
      }
    }
    for (const [index, line] of lines.entries()) {
      if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
      const uri = lines[index + 1]?.trim();
      const audioGroup = /AUDIO="([^"]+)"/.exec(line)?.[1];
      const audioUri = audioGroup === undefined ? undefined : audioUris.get(audioGroup);
      const complete = await Promise.all(
        [uri, audioUri]
          .filter((entry): entry is string => entry !== undefined && entry !== '')
          .map((entry) => isCompletePlaylist(join(versionDir, entry))),
      );
      if (uri !== undefined && complete.length > 0 && complete.every(Boolean)) return true;
    }
  }
  return false;
}

async function isCompletePlaylist(playlistPath: string): Promise<boolean> {
  try {
    const playlist = parseMediaPlaylist(await readFile(playlistPath, 'utf8'));
    if (!playlist.endList || playlist.segments.length === 0) return false;
    const files = [playlist.mapUri, ...playlist.segments.map(({ uri }) => uri)].filter(
      (entry): entry is string => entry !== undefined,
    );
    await Promise.all(files.map((file) => access(join(dirname(playlistPath), file))));
    return true;
  } catch {
    return false;
  }
}

interface StepTiming {
  totalSec: number;
  /** Seconds from the step's start to the first playable master; undefined if never seen. */
  playableSec?: number;
}

/**
 * A new job of `source`, transcoded by the step: its prepare Task, and when it plans chunks, the
 * chunk Tasks `workers` at a time, then its finish Task. The storage is polled every 50 ms for the
 * first playable master.
 */
async function transcodeStep(
  bench: Bench,
  {
    jobId,
    source,
    transcode,
    workers = 1,
  }: {
    jobId: string;
    source: string;
    transcode: Record<string, unknown>;
    workers?: number;
  },
): Promise<StepTiming & { chunkCount: number }> {
  const job = await bench.environment.createJob(jobId, source);
  const { config } = bench.environment.dependencies;
  if (config.backend !== 'local') throw new Error('The bench runs on the local backend');
  const cmafDir = join(config.mediaStoragePath, buildJobRootKey(job), 'renditions/cmaf');
  const base = { job, options: { transcode }, step: 'media-transcoder' };
  const startMs = performance.now();
  let playableSec: number | undefined;
  let polling = true;
  const poll = (async () => {
    while (polling && playableSec === undefined) {
      if (await isPlayable(cmafDir)) playableSec = (performance.now() - startMs) / 1000;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    const prepared = (await invoke(bench, { ...base, phase: 'prepare' })) as {
      chunked?: boolean;
      chunkCount?: number;
      chunks?: Array<{ index: number }>;
    };
    let chunkCount = 1;
    if (prepared.chunked === true) {
      chunkCount = prepared.chunkCount ?? 0;
      const pending = [...(prepared.chunks ?? [])];
      const worker = async () => {
        for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
          await invoke(bench, { ...base, phase: 'chunk', chunk: item.index, chunkCount });
        }
      };
      await Promise.all(Array.from({ length: workers }, worker));
      await invoke(bench, { ...base, phase: 'finish', chunkCount });
    }
    const totalSec = (performance.now() - startMs) / 1000;
    if (playableSec === undefined && (await isPlayable(cmafDir))) playableSec = totalSec;
    return { totalSec, chunkCount, ...(playableSec === undefined ? {} : { playableSec }) };
  } finally {
    polling = false;
    await poll;
  }
}

const ratio = (value: number) => `${value.toFixed(2)}×`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

async function main(): Promise<void> {
  try {
    await access(bundlePath);
  } catch {
    throw new Error(
      `No bundle at ${bundlePath}: run \`npx nx run media-transcoder:build\` (the bench target does it first).`,
    );
  }
  const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-transcode-'));
  const environment = await createTestEnvironment({ name: 'bench-transcode' });
  try {
    const { config } = environment.dependencies;
    if (config.backend !== 'local') throw new Error('The bench runs on the local backend');
    // The bundle builds its dependencies from the environment at import, as on Lambda.
    Object.assign(process.env, {
      REEL_BACKEND: 'local',
      REEL_ENV: 'dev',
      MEDIA_STORAGE_PATH: config.mediaStoragePath,
      LOG_LEVEL: 'ERROR',
      // The step's EMF metric lines would bury the results.
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: Handler };
    const bench: Bench = { workDir, environment, handler };
    const { short, long } = SOURCES;

    console.log(
      `Generating a ${short.durationSec} s ${short.height}p${FPS} and a ${long.durationSec} s ${long.height}p${FPS} source…`,
    );
    const shortSource = join(workDir, 'short.mp4');
    const longSource = join(workDir, 'long.mp4');
    await generateSource(shortSource, short);
    if (!ladderOnly) await generateSource(longSource, long);
    const plan = await ladderPlanOf(environment, shortSource);
    console.log(
      `Ladder: ${plan.video.map((rung) => `${rung.name} ${rung.width}x${rung.height} ${rung.bitrateKbps}k`).join(', ')}; ${plan.segmentDurationSec} s segments, GOP ${plan.gopFrames}`,
    );

    console.log(`reel: the transcode step on the ${short.durationSec} s source…`);
    const reel = await transcodeStep(bench, {
      jobId: 'ladder',
      source: shortSource,
      transcode: {},
    });
    console.log('(b) bare encodes of the rungs…');
    const bareSec = await bareEncodes(join(workDir, 'bare'), shortSource, plan);
    console.log('(a) the naive way: HLS, DASH and MP4 each a full ladder, one run per rung…');
    const naiveSec = await naiveLadder(join(workDir, 'naive'), shortSource, plan);

    const naiveRatio = naiveSec / reel.totalSec;
    const bareRatio = reel.totalSec / bareSec;
    const playable = (timing: StepTiming, mediaSec: number) =>
      timing.playableSec === undefined
        ? 'never seen'
        : `${timing.playableSec.toFixed(1)} s = ${(timing.playableSec / mediaSec).toFixed(2)} × media (target ≤ 0.5: ${verdict(timing.playableSec / mediaSec <= 0.5)})`;
    console.log(`\nResults (${quick ? 'QUICK smoke run, not the benchmark' : 'benchmark'})`);
    console.log(
      `  source            ${short.durationSec} s ${short.height}p${FPS}, ladder ${plan.video.map((rung) => rung.name).join('/')}`,
    );
    console.log(
      `  reel step         ${reel.totalSec.toFixed(1)} s (ladder + audio + CMAF for HLS/DASH + MP4 + pictures + loudness)`,
    );
    console.log(
      `  (b) bare encodes  ${bareSec.toFixed(1)} s (${plan.video.length} rungs, one run each)`,
    );
    console.log(`  (a) naive         ${naiveSec.toFixed(1)} s (${3 * plan.video.length} encodes)`);
    console.log(
      `  (a) / reel        ${ratio(naiveRatio)} (target ≥ 3.0: ${verdict(naiveRatio >= 3)})`,
    );
    console.log(
      `  reel / (b)        ${ratio(bareRatio)} (target ≤ 1.15: ${verdict(bareRatio <= 1.15)})`,
    );
    console.log(`  playable, ${short.durationSec} s    ${playable(reel, short.durationSec)}`);
    if (ladderOnly) return;
    console.log(`reel: time to playable on the ${long.durationSec} s source, one process…`);
    const onePass = await transcodeStep(bench, {
      jobId: 'long-one-process',
      source: longSource,
      transcode: { chunkThresholdSec: 86_400 },
    });
    console.log(
      `  playable, ${long.durationSec} s   ${playable(onePass, long.durationSec)} (one process)`,
    );
    console.log(`  ${long.durationSec} s one process ${onePass.totalSec.toFixed(1)} s`);
    console.log(`reel: the ${long.durationSec} s source in chunks, ${CHUNKING.workers} workers…`);
    const chunked = await transcodeStep(bench, {
      jobId: 'long-chunked',
      source: longSource,
      transcode: {
        chunkThresholdSec: CHUNKING.chunkThresholdSec,
        chunkDurationSec: CHUNKING.chunkDurationSec,
      },
      workers: CHUNKING.workers,
    });

    console.log(
      `  playable, ${long.durationSec} s   ${playable(chunked, long.durationSec)} (chunked)`,
    );
    console.log(
      `  ${long.durationSec} s chunked     ${chunked.totalSec.toFixed(1)} s (${chunked.chunkCount} chunks, ${CHUNKING.workers} workers)`,
    );
    console.log(`  chunked speed-up  ${ratio(onePass.totalSec / chunked.totalSec)}`);
    if (chunked.chunkCount !== CHUNKING.chunks) {
      throw new Error(
        `The chunked run planned ${chunked.chunkCount} chunk(s), not ${CHUNKING.chunks}: the speed-up is not the ${CHUNKING.workers}-worker figure`,
      );
    }
  } finally {
    await environment.cleanup();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
