import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCutPlan } from '@reel/cut-plan';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { requireJobInput, updateManifest } from '@reel/manifest';
import { renderOptionsSchema } from '@reel/media-types';
import { buildRenderTimeline } from '@reel/render-timeline';
import {
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createPlannableJob } from '../tests/support/seed-job';
import { createSmartCutPlannerHandler } from './handler';
import { planTimeline } from './plan-timeline';

const probeOf = (durationSec: number) => ({
  input: {
    probe: {
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec,
      sizeBytes: 1_000_000,
      streams: [],
    },
  },
});

describe('Function: planTimeline', () => {
  it('covers the source past the end of its sound, extending a silence that runs to that end', () => {
    // Act
    const timeline = planTimeline({
      ...probeOf(10.967),
      soundDurationMs: 10_913,
      silences: [
        { startMs: 2_000, endMs: 3_000 },
        { startMs: 9_800, endMs: 10_913 },
      ],
    });

    // Assess
    expect(timeline).toEqual({
      durationMs: 10_967,
      silences: [
        { startMs: 2_000, endMs: 3_000 },
        { startMs: 9_800, endMs: 10_967 },
      ],
    });
  });

  it('adds the soundless tail as a silence when the sound ends on a sound', () => {
    // Act
    const timeline = planTimeline({
      ...probeOf(11),
      soundDurationMs: 10_900,
      silences: [{ startMs: 2_000, endMs: 3_000 }],
    });

    // Assess
    expect(timeline.durationMs).toBe(11_000);
    expect(timeline.silences.at(-1)).toEqual({ startMs: 10_900, endMs: 11_000 });
  });

  it('keeps the sound’s timeline when the input was not probed, or is not longer', () => {
    // Act
    const unprobed = planTimeline({ input: {}, soundDurationMs: 5_000, silences: [] });
    const shorter = planTimeline({ ...probeOf(4.98), soundDurationMs: 5_000, silences: [] });

    // Assess
    expect(unprobed).toEqual({ durationMs: 5_000, silences: [] });
    expect(shorter).toEqual({ durationMs: 4_980, silences: [] });
  });
});

describe('smart-cut-planner: a picture that runs on after the sound', () => {
  let dir: string;
  let environment: TestEnvironment;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-smart-cut-planner-tail-'));
    environment = await createTestEnvironment({ name: 'smart-cut-planner-tail', backend: 'local' });
  });
  afterAll(async () => {
    await environment?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('plans over the source’s length, so the render accepts the plan (11 s picture, 10.9 s sound)', async () => {
    // Prepare: the validate step's probe of the input, as the render reads it
    const inputPath = join(dir, 'short-sound.mp4');
    await execa('ffmpeg', [
      ...['-nostdin', '-v', 'error'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=11'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=10.9'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac'],
      ...['-y', inputPath],
    ]);
    const probe = await createFfmpegRuntime().probe({ input: inputPath });
    const job = await createPlannableJob(environment, { jobId: 'short-sound', inputPath });
    await updateManifest(environment.dependencies.manifests, job, (draft) => {
      requireJobInput(draft).probe = probe;
      return draft;
    });
    const handler = createSmartCutPlannerHandler(() => environment.dependencies);

    // Act
    await handler({ job, options: {} }, lambdaContext);
    const plan = parseCutPlan(
      await readStoredText(
        environment.dependencies.storage,
        'dev/acme/short-sound/plan/cut-plan.json',
      ),
    );
    const timeline = () =>
      buildRenderTimeline({
        plan,
        frameRate: { num: 25, den: 1 },
        sourceDurationSec: probe.durationSec,
        options: renderOptionsSchema.parse({}),
      });

    // Assess
    const sourceMs = Math.round(probe.durationSec * 1000);
    const audio = probe.streams.find(({ type }) => type === 'audio');
    expect(sourceMs - Math.round((audio?.durationSec ?? 0) * 1000)).toBeGreaterThan(40);
    expect(plan.source.durationMs).toBe(sourceMs);
    expect(plan.segments.at(-1)?.endMs).toBe(sourceMs);
    expect(timeline).not.toThrow();
    expect(timeline().pieces.at(-1)?.sourceEndFrame).toBe(Math.round(probe.durationSec * 25));
  });
});
