import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildJobRootKey } from '@reel/storage';
import { lambdaContext } from '@reel/test-jobs';
import {
  downloadFolder,
  ffmpeg,
  generateSource,
  joinRendition,
  keyframeTimes,
  manifestOf,
  probeStreams,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import { parseMaster, parseMpd, readMediaPlaylist } from '../tests/support/stream-checks';

const suite = useTranscodeSuite('media-transcoder-chunks');

const SOURCE_SEC = 36;
const FPS = 25;
const ladder = {
  rungs: [360, 240],
  segmentDurationSec: 2,
  thumbnailIntervalSec: 10,
  x264Preset: 'ultrafast',
};
// 18 segments of 2 s in chunks of ~10 s: 4 chunks (5, 5, 4, 4 segments).
const chunked = { ...ladder, chunkThresholdSec: 30, chunkDurationSec: 10 };

async function chunkKeys(jobId: string): Promise<string[]> {
  const prefix = `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId })}/renditions/cmaf/chunks/`;
  return (await suite.environment.dependencies.storage.list({ prefix })).map(({ key }) => key);
}

/** Per rendition: segment durations, keyframes and frames of a published v1 (for comparison). */
async function publishedShape(jobId: string) {
  const job = { env: 'dev', tenantId: 'acme', jobId, correlationId: 'c', runId: 'r' };
  const dir = await downloadFolder(suite, job, 'renditions/cmaf/v1', join(suite.dir, jobId));
  const mpd = parseMpd(await readFile(join(dir, 'manifest.mpd'), 'utf8'));
  const shape: Record<
    string,
    { durations: number[]; keyframes: number[]; frames: number; audioSec?: number }
  > = {};
  for (const name of ['360p', '240p', 'audio']) {
    const playlist = await readMediaPlaylist(dir, name);
    const files = playlist.segments.map(({ uri }) => uri);
    const joined = await joinRendition(join(dir, name), files, join(dir, `${name}-joined.mp4`));
    const [stream] = await probeStreams(joined);
    shape[name] = {
      durations: playlist.segments.map(({ durationSec }) => durationSec),
      keyframes: name === 'audio' ? [] : await keyframeTimes(joined),
      frames: Number(stream?.nb_read_packets),
      ...(name === 'audio' ? { audioSec: Number(stream?.duration) } : {}),
    };
  }
  return { shape, mpd };
}

describe('media-transcoder: the chunk path', () => {
  let sourcePath: string;
  beforeAll(async () => {
    sourcePath = join(suite.dir, 'long.mp4');
    await generateSource(sourcePath, { durationSec: SOURCE_SEC });
  });

  it('encodes a long source in 4 chunks through its phases to the same segments and frames as one process', async () => {
    // Prepare
    const chunkedJob = await suite.environment.createJob('chunked', sourcePath);
    const singleJob = await suite.environment.createJob('single', sourcePath);
    const event = { job: chunkedJob, options: { transcode: chunked }, step: 'media-transcoder' };

    // Act
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    const afterPrepare = await chunkKeys('chunked');
    const chunks = [];
    for (const pair of [
      [0, 1],
      [2, 3],
    ]) {
      chunks.push(
        ...(await Promise.all(
          pair.map((chunk) =>
            suite.handler({ ...event, phase: 'chunk', chunk, chunkCount: 4 }, lambdaContext),
          ),
        )),
      );
    }
    const storedChunks = await chunkKeys('chunked');
    const finished = await suite.handler(
      { ...event, phase: 'finish', chunkCount: 4 },
      lambdaContext,
    );
    await suite.handler(
      {
        job: singleJob,
        options: { transcode: { ...ladder, lowestRungFirst: false } },
        step: 'media-transcoder',
      },
      lambdaContext,
    );

    // Assess: the phases
    expect(prepared).toEqual({
      step: 'media-transcoder',
      status: 'chunked',
      chunked: true,
      chunkCount: 4,
      chunks: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }],
    });
    // The shared sound and the source's probe (the finish never downloads the source).
    expect(afterPrepare).toEqual([
      `dev/acme/chunked/renditions/cmaf/chunks/${chunkedJob.runId}/audio.mp4`,
      `dev/acme/chunked/renditions/cmaf/chunks/${chunkedJob.runId}/source.json`,
    ]);
    expect(chunks.map(({ status }) => status)).toEqual([
      'chunk-done',
      'chunk-done',
      'chunk-done',
      'chunk-done',
    ]);
    // The sound, the source's probe and 4 chunks of 2 rungs.
    expect(storedChunks).toHaveLength(2 + 4 * 2);
    expect(storedChunks).toContain(
      `dev/acme/chunked/renditions/cmaf/chunks/${chunkedJob.runId}/chunk-003/240p.mp4`,
    );
    expect(finished.status).toBe('succeeded');
    expect(await chunkKeys('chunked')).toEqual([]);
    const chunkedResult = (await manifestOf(suite, 'chunked'))?.results.transcode;
    const singleResult = (await manifestOf(suite, 'single'))?.results.transcode;
    expect(chunkedResult?.chunkCount).toBe(4);
    expect(singleResult?.chunkCount).toBe(1);

    // Assess: indistinguishable from one process
    const fromChunks = await publishedShape('chunked');
    const fromOne = await publishedShape('single');
    for (const name of ['360p', '240p']) {
      expect(fromChunks.shape[name]?.frames).toBe(SOURCE_SEC * FPS);
      expect(fromChunks.shape[name]?.frames).toBe(fromOne.shape[name]?.frames);
      expect(fromChunks.shape[name]?.durations).toEqual(fromOne.shape[name]?.durations);
      expect(fromChunks.shape[name]?.keyframes).toEqual(fromOne.shape[name]?.keyframes);
      expect(fromChunks.shape[name]?.keyframes).toEqual(
        Array.from({ length: 18 }, (_, index) => index * 2),
      );
    }
    expect(fromChunks.shape.audio?.durations).toEqual(fromOne.shape.audio?.durations);
    expect(Math.abs((fromChunks.shape.audio?.audioSec ?? 0) - SOURCE_SEC)).toBeLessThan(0.05);
    expect(fromChunks.mpd.map(({ id, durationsTicks }) => [id, durationsTicks])).toEqual(
      fromOne.mpd.map(({ id, durationsTicks }) => [id, durationsTicks]),
    );
    expect(
      chunkedResult?.video.map(({ frameCount, segmentCount }) => [frameCount, segmentCount]),
    ).toEqual(
      singleResult?.video.map(({ frameCount, segmentCount }) => [frameCount, segmentCount]),
    );
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('removes the run\u2019s chunk objects when a chunk failed (abandon), also those of a chunk still encoding then', async () => {
    // Prepare
    const job = await suite.environment.createJob('abandoned', sourcePath);
    const event = { job, options: { transcode: chunked }, step: 'media-transcoder' };
    await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    await suite.handler({ ...event, phase: 'chunk', chunk: 0, chunkCount: 4 }, lambdaContext);
    const beforeAbandon = await chunkKeys('abandoned');

    // Act: chunk 1 is encoding while the step is abandoned.
    const late = suite.handler(
      { ...event, phase: 'chunk', chunk: 1, chunkCount: 4 },
      lambdaContext,
    );
    const abandoned = await suite.handler(
      {
        ...event,
        phase: 'abandon',
        chunkCount: 4,
        failure: {
          Error: 'TimeoutError',
          Cause: JSON.stringify({ errorType: 'TimeoutError', errorMessage: 'chunk 1 timed out' }),
        },
      },
      lambdaContext,
    );

    const lateOutcome = await late.then(
      () => 'stored',
      (error: Error) => error.name,
    );

    // Assess
    expect(lateOutcome).toMatch(/Error$/);
    // The sound, the source's probe and chunk 0's 2 rungs.
    expect(beforeAbandon).toHaveLength(4);
    expect(abandoned).toMatchObject({ status: 'abandoned', chunkCount: 4 });
    expect(await chunkKeys('abandoned')).toEqual([]);
    const manifest = await manifestOf(suite, 'abandoned');
    expect(manifest?.steps['media-transcoder']?.status).toBe('failed');
    expect(manifest?.results.transcode).toBeUndefined();
  });

  it('lengthens the chunks of a source that would need more than the Map’s 64, and its chunk Tasks agree', async () => {
    // Prepare: 700 s of 144p picture (a 2 s clip looped by stream copy), 1 s segments, 10 s
    // chunks asked for: 70 chunks, more than MAX_FAN_OUT_ITEMS.
    const clipPath = join(suite.dir, 'clip-144p.mp4');
    const longPath = join(suite.dir, 'long-144p.mp4');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=256x144:rate=25:duration=2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-y'],
      clipPath,
    ]);
    await ffmpeg(['-stream_loop', '349', '-i', clipPath, '-c', 'copy', '-y', longPath]);
    const job = await suite.environment.createJob('many-chunks', longPath);
    const transcode = {
      rungs: [144],
      segmentDurationSec: 1,
      x264Preset: 'ultrafast',
      chunkThresholdSec: 30,
      chunkDurationSec: 10,
    };
    const event = { job, options: { transcode }, step: 'media-transcoder' };

    // Act
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    const last = await suite.handler(
      { ...event, phase: 'chunk', chunk: 63, chunkCount: 64 },
      lambdaContext,
    );
    const stored = await chunkKeys('many-chunks');
    const chunkPath = join(suite.dir, 'chunk-063.mp4');
    await suite.environment.dependencies.storage.getToFile({
      key: stored[0] ?? '',
      path: chunkPath,
    });
    await suite.handler(
      {
        ...event,
        phase: 'abandon',
        chunkCount: 64,
        failure: { Error: 'TestStop', Cause: '{}' },
      },
      lambdaContext,
    );

    // Assess: 700 segments in 64 chunks of 11 s, as even as whole segments allow (60 of 11 and
    // 4 of 10): the last chunk's 10 s run to the source's end
    expect(prepared).toMatchObject({ status: 'chunked', chunkCount: 64 });
    expect(last.status).toBe('chunk-done');
    expect(stored).toEqual([
      `dev/acme/many-chunks/renditions/cmaf/chunks/${job.runId}/chunk-063/144p.mp4`,
      `dev/acme/many-chunks/renditions/cmaf/chunks/${job.runId}/source.json`,
    ]);
    const [video] = await probeStreams(chunkPath);
    expect(Number(video?.nb_read_packets)).toBe(10 * FPS);
    expect(await keyframeTimes(chunkPath)).toEqual(Array.from({ length: 10 }, (_, index) => index));
    expect(await chunkKeys('many-chunks')).toEqual([]);
  });

  it('encodes a 3 min source in 4 chunks to the single process’s frames, segments and one seamless sound', async () => {
    // Prepare: 180 s of moving picture and a steady 440 Hz sine (a seam in the sound shows as a
    // departure from the sine). 45 segments of 4 s; a 48 s target is 12 segments a chunk, so
    // 4 chunks of 12, 11, 11, 11 segments joined at 48, 92 and 136 s (a 45 s target would round
    // to 11 segments and make 5 chunks).
    const longSec = 180;
    const longPath = join(suite.dir, 'long-180.mp4');
    await generateSource(longPath, { durationSec: longSec });
    const three = { rungs: [360], segmentDurationSec: 4, x264Preset: 'ultrafast' };
    const seamsSec = [48, 92, 136];
    const chunkedJob = await suite.environment.createJob('long-chunked', longPath);
    const singleJob = await suite.environment.createJob('long-single', longPath);
    const event = {
      job: chunkedJob,
      options: { transcode: { ...three, chunkThresholdSec: 30, chunkDurationSec: 48 } },
      step: 'media-transcoder',
    };

    // Act: the chunk phases (2 at a time, as the local Map's pool on 2 cores), then one process.
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    for (const pair of [
      [0, 1],
      [2, 3],
    ]) {
      await Promise.all(
        pair.map((chunk) =>
          suite.handler({ ...event, phase: 'chunk', chunk, chunkCount: 4 }, lambdaContext),
        ),
      );
    }
    const finished = await suite.handler(
      { ...event, phase: 'finish', chunkCount: 4 },
      lambdaContext,
    );
    await suite.handler(
      {
        job: singleJob,
        options: { transcode: { ...three, chunkThresholdSec: 600, lowestRungFirst: false } },
        step: 'media-transcoder',
      },
      lambdaContext,
    );
    const fromChunks = await publishedLong('long-chunked');
    const fromOne = await publishedLong('long-single');
    // A sound encoded per chunk, as the chunk path must not: two AAC encodes of [0, 48) and
    // [48, 92) joined end to end (ADTS frames concatenated, as a join by stream copy would).
    const firstPart = join(suite.dir, 'part-0.aac');
    const secondPart = join(suite.dir, 'part-1.aac');
    await ffmpeg(['-i', longPath, '-t', '48', '-vn', '-c:a', 'aac', '-y', firstPart]);
    await ffmpeg(['-ss', '48', '-i', longPath, '-t', '44', '-vn', '-c:a', 'aac', '-y', secondPart]);
    const splicedPath = join(suite.dir, 'spliced.aac');
    await writeFile(
      splicedPath,
      Buffer.concat([await readFile(firstPart), await readFile(secondPart)]),
    );

    // Assess: the phases
    expect(prepared).toMatchObject({ status: 'chunked', chunkCount: 4 });
    expect(finished.status).toBe('succeeded');
    expect((await manifestOf(suite, 'long-chunked'))?.results.transcode?.chunkCount).toBe(4);
    expect((await manifestOf(suite, 'long-single'))?.results.transcode?.chunkCount).toBe(1);

    // Assess: every frame, on the same segments, in playlists of the same structure
    expect(fromChunks.frames).toBe(longSec * FPS);
    expect(fromChunks.frames).toBe(fromOne.frames);
    for (const name of ['360p', 'audio'] as const) {
      const chunked = fromChunks.durations[name];
      const single = fromOne.durations[name];
      expect(chunked).toHaveLength(single.length);
      chunked.forEach((durationSec, index) =>
        expect(Math.abs(durationSec - (single[index] ?? 0))).toBeLessThan(0.001),
      );
    }
    // 45 segments of 4 s; the sound's are cut on whole AAC frames (4.0107 / 3.9893 s), one more.
    expect(fromChunks.durations['360p']).toHaveLength(45);
    expect(fromChunks.playlistShapes).toEqual(fromOne.playlistShapes);

    // Assess: one sound — every AAC packet 1024 samples after the one before, across the seams
    expect(fromChunks.audio.maxPtsDeviation).toBe(0);
    expect(fromChunks.audio.packets).toBe(fromOne.audio.packets);
    expect(fromChunks.audio.lastPts).toBeGreaterThan((longSec - 0.1) * 48_000);
    // …and no seam in the decoded sound around each chunk join (± 50 ms), by the sine-fit
    // residual (see sineResidual); the spliced per-chunk sound shows how a seam measures.
    const residuals = seamsSec.map((atSec) => sineResidual(fromChunks.samples, atSec));
    const away = [20, 70, 114, 160].map((atSec) => sineResidual(fromChunks.samples, atSec));
    const spliced = sineResidual(await decodeMono(splicedPath), 48);
    // Against the single process's sound, sample by sample around the joins: the sound is
    // encoded once from the whole source on both paths, so it decodes to the same samples.
    const sampleDifference = Math.max(
      ...seamsSec.map((atSec) => maxDifference(fromChunks.samples, fromOne.samples, atSec)),
    );
    console.info(
      JSON.stringify({
        frames: [fromChunks.frames, fromOne.frames],
        segments: [fromChunks.durations['360p'].length, fromOne.durations['360p'].length],
        maxPtsDeviation: fromChunks.audio.maxPtsDeviation,
        audioPackets: fromChunks.audio.packets,
        residuals,
        away,
        spliced,
        sampleDifference,
      }),
    );
    // The joins no worse than the sound away from them (twice the worst of 4 other windows: AAC's
    // own error of a 128 k sine); the spliced join at least 10 times the worst join.
    for (const residual of residuals) expect(residual).toBeLessThan(2 * Math.max(...away));
    expect(spliced).toBeGreaterThan(10 * Math.max(...residuals));
    expect(sampleDifference).toBeLessThan(1e-6);
  }, 300_000);
});

/** A long run's v1: frames of its 360p, durations and shapes of its playlists, its sound. */
async function publishedLong(jobId: string) {
  const job = { env: 'dev', tenantId: 'acme', jobId, correlationId: 'c', runId: 'r' };
  const dir = await downloadFolder(suite, job, 'renditions/cmaf/v1', join(suite.dir, jobId));
  const joined: Record<string, string> = {};
  const durations = { '360p': [] as number[], audio: [] as number[] };
  const mediaLines: Record<string, string[]> = {};
  for (const name of ['360p', 'audio'] as const) {
    const playlist = await readMediaPlaylist(dir, name);
    durations[name] = playlist.segments.map(({ durationSec }) => durationSec);
    joined[name] = await joinRendition(
      join(dir, name),
      playlist.segments.map(({ uri }) => uri),
      join(dir, `${name}-joined.mp4`),
    );
    // Tags and URIs in order; the durations are compared within 1 ms above.
    mediaLines[name] = (await readFile(join(dir, name, 'index.m3u8'), 'utf8'))
      .split('\n')
      .map((line) => line.replace(/^#EXTINF:[0-9.]+/, '#EXTINF'));
  }
  // The master's lines with the measured bit rates masked: the chunk encodes spend bits
  // differently, the structure (renditions, codecs, resolution, URIs) must not differ.
  const master = parseMaster(await readFile(join(dir, 'master.m3u8'), 'utf8')).lines.map((line) =>
    line.replace(/BANDWIDTH=\d+/g, 'BANDWIDTH=n'),
  );
  const [video] = await probeStreams(joined['360p'] ?? '');
  return {
    frames: Number(video?.nb_read_packets),
    durations,
    playlistShapes: { master, ...mediaLines },
    audio: await audioPacketSteps(joined.audio ?? ''),
    samples: await decodeMono(joined.audio ?? ''),
  };
}

/**
 * The AAC packets of a file: how many, the last pts (in samples: the track's timescale is its
 * 48 kHz rate) and the largest departure of a pts step from 1024 samples (0: no gap or overlap
 * anywhere, the seams included).
 */
async function audioPacketSteps(path: string) {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=time_base'],
    ...['-show_entries', 'packet=pts', '-of', 'json', path],
  ]);
  const probed = JSON.parse(stdout) as {
    streams: Array<{ time_base: string }>;
    packets: Array<{ pts: number }>;
  };
  expect(probed.streams[0]?.time_base).toBe('1/48000');
  const pts = probed.packets.map((packet) => packet.pts);
  let maxPtsDeviation = 0;
  for (let index = 1; index < pts.length; index += 1) {
    const step = (pts[index] ?? 0) - (pts[index - 1] ?? 0);
    maxPtsDeviation = Math.max(maxPtsDeviation, Math.abs(step - 1024));
  }
  return { packets: pts.length, lastPts: pts.at(-1) ?? 0, maxPtsDeviation };
}

/** The largest difference between two decoded sounds in the ± 50 ms around `atSec`. */
function maxDifference(first: Float32Array, second: Float32Array, atSec: number): number {
  let largest = 0;
  for (
    let n = Math.round((atSec - 0.05) * 48_000);
    n < Math.round((atSec + 0.05) * 48_000);
    n += 1
  ) {
    largest = Math.max(largest, Math.abs((first[n] ?? 0) - (second[n] ?? 0)));
  }
  return largest;
}

/** A file's sound decoded to mono 48 kHz float samples from its start. */
async function decodeMono(path: string): Promise<Float32Array> {
  const { stdout } = await execa(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-i', path, '-map', '0:a:0', '-ac', '1', '-ar', '48000'].concat([
      '-f',
      'f32le',
      '-',
    ]),
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const bytes = Buffer.from(stdout);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/**
 * How far the sound departs from a steady 440 Hz sine in the ± 50 ms around `atSec`: the RMS of
 * what a least-squares fit of sin + cos at 440 Hz leaves, over the fitted amplitude. AAC's own
 * error leaves well under 1 %; a seam — a per-chunk encode's priming (~1024 samples of fade-in),
 * a gap, a repeated or dropped frame — breaks the phase or the level inside the window and
 * leaves a large fraction of the sine unexplained. Independent of the reference run, so it would
 * also flag a seam both runs shared.
 */
function sineResidual(samples: Float32Array, atSec: number): number {
  const rate = 48_000;
  const from = Math.round((atSec - 0.05) * rate);
  const to = Math.round((atSec + 0.05) * rate);
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  for (let n = from; n < to; n += 1) {
    const phase = (2 * Math.PI * 440 * n) / rate;
    const [s, c, y] = [Math.sin(phase), Math.cos(phase), samples[n] ?? 0];
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y * s;
    yc += y * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  let residual = 0;
  for (let n = from; n < to; n += 1) {
    const phase = (2 * Math.PI * 440 * n) / rate;
    residual += ((samples[n] ?? 0) - a * Math.sin(phase) - b * Math.cos(phase)) ** 2;
  }
  const amplitude = Math.hypot(a, b);
  return Math.sqrt(residual / (to - from)) / (amplitude / Math.SQRT2);
}
