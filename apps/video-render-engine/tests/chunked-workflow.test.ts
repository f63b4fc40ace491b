import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutPlanSegment } from '@reel/cut-plan';
import { CorruptInputError } from '@reel/error-taxonomy';
import type { ServiceName } from '@reel/service-presets';
import { buildJobRootKey } from '@reel/storage';
import {
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  type TestEnvironment,
} from '@reel/test-jobs';
import { parseSrt } from '@reel/transcript';
import { buildProcessingWorkflow, localResourceFor, runWorkflowLocally } from '@reel/workflow';
import { createVideoRenderEngineHandler } from '../src/handler';
import { createRenderableJob, generateSource, planOf, transcriptOf } from './support/seed-job';

// The workflow path of a long edit: the real ASL on aws-local-stepfunctions, the render step's
// handler in this process for every phase (its inline Map runs the chunk Tasks at once), the
// finalizer a recorder. A 3-min 360p source with 3 cuts, forced into 3 chunks, against one pass.
const SOURCE_SEC = 180;
const cuts: CutPlanSegment[] = [
  { startMs: 0, endMs: 50_000, action: 'keep' },
  { startMs: 50_000, endMs: 60_000, action: 'cut', reason: 'silence' },
  { startMs: 60_000, endMs: 110_000, action: 'keep' },
  { startMs: 110_000, endMs: 115_000, action: 'cut', reason: 'filler' },
  { startMs: 115_000, endMs: 160_000, action: 'keep' },
  { startMs: 160_000, endMs: 170_000, action: 'cut', reason: 'repeat' },
  { startMs: 170_000, endMs: SOURCE_SEC * 1000, action: 'keep' },
];
const KEPT_SEC = 155;
const FPS = 25;

interface Call {
  phase: string;
  chunk?: number;
  startedMs: number;
  endedMs?: number;
}

async function countFrames(path: string) {
  const { stdout } = await execa('ffprobe', [
    ...[
      '-v',
      'error',
      '-count_packets',
      '-show_entries',
      'stream=codec_type,duration,nb_read_packets',
    ],
    ...['-of', 'json', path],
  ]);
  const streams = (
    JSON.parse(stdout) as {
      streams: Array<{ codec_type: string; duration: string; nb_read_packets: string }>;
    }
  ).streams;
  const video = streams.find(({ codec_type }) => codec_type === 'video')!;
  const audio = streams.find(({ codec_type }) => codec_type === 'audio')!;
  return {
    frames: Number(video.nb_read_packets),
    videoSec: Number(video.duration),
    audioSec: Number(audio.duration),
  };
}

describe('video-render-engine in the workflow: a long edit rendered by the inline Map', () => {
  let environment: TestEnvironment;
  let sourceDir: string;
  let sourcePath: string;
  const definition = buildProcessingWorkflow({ resourceFor: localResourceFor });

  beforeAll(async () => {
    sourceDir = await mkdtemp(join(tmpdir(), 'reel-chunked-workflow-'));
    sourcePath = join(sourceDir, 'source.mp4');
    await generateSource(sourcePath, SOURCE_SEC);
    environment = await createTestEnvironment({ name: 'video-render-engine-workflow' });
  }, 120_000);
  afterAll(async () => {
    await environment.cleanup();
    await rm(sourceDir, { recursive: true, force: true });
  });

  /** Runs the workflow from the render step; the render handler in process, calls recorded. */
  async function runRender(
    jobId: string,
    render: Record<string, unknown>,
    { failChunk }: { failChunk?: number } = {},
  ) {
    const handler = createVideoRenderEngineHandler(() => environment.dependencies);
    const job = await createRenderableJob(environment, {
      jobId,
      inputPath: sourcePath,
      plan: planOf(SOURCE_SEC * 1000, cuts),
      transcript: transcriptOf(SOURCE_SEC * 1000),
    });
    const calls: Call[] = [];
    const finalized: unknown[] = [];
    const inFlight: Array<Promise<unknown>> = [];
    const invokeService = async (service: ServiceName, payload: unknown) => {
      if (service === 'job-status') return finalized.push(payload);
      // The steps after the render (the transcode) are not under test: they answer done.
      if (service !== 'video-render-engine') return { step: service, status: 'succeeded' };
      const event = payload as { phase: string; chunk?: number };
      const call: Call = { phase: event.phase, chunk: event.chunk, startedMs: Date.now() };
      calls.push(call);
      if (event.phase === 'chunk' && event.chunk === failChunk)
        throw new CorruptInputError(`chunk ${failChunk} decoded short`);
      const invocation = handler(payload, lambdaContext);
      inFlight.push(invocation.catch(() => undefined));
      const result = await invocation;
      call.endedMs = Date.now();
      return result;
    };
    const result = await runWorkflowLocally({
      definition,
      input: { job, options: { render }, resumeFrom: 'video-render-engine' },
      invokeService,
      retryIntervalMs: 0,
      validateDefinition: false,
    });
    // The Map stops waiting at the first failed chunk; the others still finish (as Lambdas do).
    await Promise.all(inFlight);
    const manifest = await environment.dependencies.manifests.get({ tenantId: 'acme', jobId });
    const chunkKeys = await environment.dependencies.storage.list({
      prefix: `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId })}/renders/chunks/`,
    });
    return { result, calls, finalized, manifest, chunkKeys };
  }

  const renderOptions = {
    video: { preset: 'ultrafast' },
    subtitles: { mode: 'sidecar' },
    podcast: { use: false },
    preview: { use: false },
  };

  it('renders 3 chunks at once and joins them to the one pass’s duration, frame count and cue times', async () => {
    // Act
    const onePass = await runRender('one-pass', renderOptions);
    const chunked = await runRender('three-chunks', {
      ...renderOptions,
      chunking: { chunkCount: 3 },
    });

    // Assess
    expect(onePass.result.status).toBe('SUCCEEDED');
    expect(onePass.calls.map(({ phase }) => phase)).toEqual(['prepare']);
    expect(chunked.result.status).toBe('SUCCEEDED');
    expect(chunked.calls.map(({ phase }) => phase)).toEqual([
      'prepare',
      'chunk',
      'chunk',
      'chunk',
      'finish',
    ]);
    const chunkCalls = chunked.calls.filter(({ phase }) => phase === 'chunk');
    const lastStartMs = Math.max(...chunkCalls.map(({ startedMs }) => startedMs));
    const firstEndMs = Math.min(...chunkCalls.map(({ endedMs }) => endedMs!));
    expect(lastStartMs).toBeLessThan(firstEndMs);
    expect(chunked.manifest?.steps['video-render-engine']).toMatchObject({
      status: 'succeeded',
      attempts: [{ status: 'succeeded' }],
    });
    expect(chunked.chunkKeys).toEqual([]);

    const renders = await Promise.all(
      [onePass, chunked].map(async ({ manifest }, index) => {
        const path = join(sourceDir, `render-${index}.mp4`);
        await environment.dependencies.storage.getToFile({
          key: manifest!.results.render!.videoKey!,
          path,
        });
        const srt = await readStoredText(
          environment.dependencies.storage,
          manifest!.results.render!.srtKey!,
        );
        return { ...(await countFrames(path)), cues: parseSrt(srt) };
      }),
    );
    const [one, three] = renders;
    expect(three!.frames).toBe(one!.frames);
    expect(one!.frames).toBe(KEPT_SEC * FPS);
    expect(Math.abs(three!.videoSec - one!.videoSec)).toBeLessThanOrEqual(1 / FPS);
    expect(Math.abs(three!.audioSec - KEPT_SEC)).toBeLessThanOrEqual(1 / FPS);
    expect(three!.cues.length).toBeGreaterThan(20);
    expect(three!.cues.map(({ startMs, endMs }) => [startMs, endMs])).toEqual(
      one!.cues.map(({ startMs, endMs }) => [startMs, endMs]),
    );
    expect(await environment.scratchLeft()).toEqual([]);
  }, 600_000);

  it('fails the job when a chunk fails: the attempt closed failed with its typed error, no chunk left', async () => {
    // Act
    const failed = await runRender(
      'chunk-fails',
      { ...renderOptions, chunking: { chunkCount: 3 } },
      { failChunk: 1 },
    );

    // Assess
    expect(failed.result).toMatchObject({ status: 'FAILED', error: { name: 'JobFailed' } });
    expect(failed.calls.map(({ phase }) => phase)).not.toContain('finish');
    expect(failed.calls.filter(({ phase }) => phase === 'abandon')).toHaveLength(1);
    expect(failed.finalized).toEqual([
      expect.objectContaining({
        action: 'fail',
        failure: expect.objectContaining({ Error: 'CorruptInputError' }),
      }),
    ]);
    expect(failed.manifest?.steps['video-render-engine']).toMatchObject({
      status: 'failed',
      error: { code: 'CORRUPT_INPUT', message: 'chunk 1 decoded short' },
    });
    expect(failed.manifest?.results.render).toBeUndefined();
    expect(failed.chunkKeys).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  }, 600_000);
});
