import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { CutPlanSegment } from '@reel/cut-plan';
import { buildBrandingKey, buildJobRootKey } from '@reel/storage';
import { updateTenantSettings } from '@reel/tenant-settings';
import {
  captureProgress,
  createTestEnvironment,
  type CapturedProgress,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createVideoRenderEngineHandler } from '../../src/handler';
import { ffmpeg, generateSource } from './seed-job';

export const SOURCE_MS = 8000;
export const FPS = 25;
export const FRAME_SEC = 1 / FPS;
/** Three cuts (1 s, 0.6 s, 1 s) on the 25 fps frame grid: 5.4 s kept in four spans. */
export const threeCuts: CutPlanSegment[] = [
  { startMs: 0, endMs: 1600, action: 'keep' },
  { startMs: 1600, endMs: 2600, action: 'cut', reason: 'silence' },
  { startMs: 2600, endMs: 4000, action: 'keep' },
  { startMs: 4000, endMs: 4600, action: 'cut', reason: 'filler' },
  { startMs: 4600, endMs: 6000, action: 'keep' },
  { startMs: 6000, endMs: 7000, action: 'cut', reason: 'repeat' },
  { startMs: 7000, endMs: SOURCE_MS, action: 'keep' },
];
export const KEPT_SEC = 5.4;

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  duration?: string;
  r_frame_rate?: string;
  sample_rate?: string;
  nb_read_packets?: string;
}

/** Every stream of a file, as ffprobe reports it (packets counted: one per frame for video). */
export async function probeStreams(path: string): Promise<ProbedStream[]> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-count_packets', '-show_streams', '-of', 'json', path],
  ]);
  return (JSON.parse(stdout) as { streams: ProbedStream[] }).streams;
}

/** The RGB of one pixel of the frame at `atSec` (a 1x1 crop). */
export async function pixelAt(
  path: string,
  { atSec, x, y }: { atSec: number; x: number; y: number },
): Promise<number[]> {
  const { stdout } = await execa(
    'ffmpeg',
    [
      ...['-nostdin', '-v', 'error', '-ss', String(atSec), '-i', path, '-frames:v', '1'],
      ...['-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    ],
    { encoding: 'buffer' },
  );
  return [...stdout];
}

/** What a render test suite shares: the 8 s source, the environment, the handler, helpers. */
export interface RenderSuite {
  sourcePath: string;
  /** A scratch folder of the suite (downloads, generated branding). */
  sourceDir: string;
  environment: TestEnvironment;
  handler: ReturnType<typeof createVideoRenderEngineHandler>;
  progress: CapturedProgress;
}

/**
 * Registers the hooks of a render test file (an 8 s 640×360 source, a test environment, the
 * handler, progress captured per test) and returns the suite, filled in by the time tests run.
 */
export function useRenderSuite(name: string): RenderSuite {
  const suite = {} as RenderSuite;
  beforeAll(async () => {
    suite.sourceDir = await mkdtemp(join(tmpdir(), `reel-${name}-`));
    suite.sourcePath = join(suite.sourceDir, 'source.mp4');
    await generateSource(suite.sourcePath, SOURCE_MS / 1000);
    suite.environment = await createTestEnvironment({ name });
    suite.handler = createVideoRenderEngineHandler(() => suite.environment.dependencies);
  });
  afterAll(async () => {
    await suite.environment?.cleanup();
    await rm(suite.sourceDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    suite.progress = captureProgress();
  });
  afterEach(() => suite.progress.restore());
  return suite;
}

/** The job's manifest. */
export function manifestOf(suite: RenderSuite, jobId: string, tenantId = 'acme') {
  return suite.environment.dependencies.manifests.get({ tenantId, jobId });
}

/** The names of the objects under the job's `renders/` (`sub` = `chunks/` for the chunks' keys). */
export async function rendersOf(suite: RenderSuite, jobId: string, tenantId = 'acme') {
  return (
    await suite.environment.dependencies.storage.list({
      prefix: `${buildJobRootKey({ env: 'dev', tenantId, jobId })}/renders/`,
    })
  ).map(({ key }) => key.split('/').at(-1));
}

/** The keys of the chunks stored under the job's `renders/chunks/`. */
export async function chunkKeysOf(suite: RenderSuite, jobId: string, tenantId = 'acme') {
  return (
    await suite.environment.dependencies.storage.list({
      prefix: `${buildJobRootKey({ env: 'dev', tenantId, jobId })}/renders/chunks/`,
    })
  ).map(({ key }) => key);
}

/** A stored object downloaded into the suite's folder as `name` (a missing key fails the test). */
export async function download(
  suite: RenderSuite,
  key: string | undefined,
  name: string,
): Promise<string> {
  if (key === undefined) throw new Error(`Nothing to download as ${name}: no key recorded`);
  const path = join(suite.sourceDir, name);
  await suite.environment.dependencies.storage.getToFile({ key, path });
  return path;
}

/**
 * Gives `tenantId` a brand: a solid red 64×32 logo (`watermark`), a 1 s 320×240 30 fps 44.1 kHz
 * mono intro, and (with `outro`) a 1.5 s 480×480 24 fps 32 kHz stereo outro. Returns the probed
 * lengths of the intro and outro.
 */
export async function brandTenant(
  suite: RenderSuite,
  {
    tenantId,
    watermark = true,
    outro = false,
  }: { tenantId: string; watermark?: boolean; outro?: boolean },
): Promise<{ introSec: number; outroSec: number }> {
  const { storage, tenantSettings, runtime } = suite.environment.dependencies;
  const file = (name: string) => join(suite.sourceDir, `${tenantId}-${name}`);
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'color=red:s=64x32',
    '-frames:v',
    '1',
    '-y',
    file('logo.png'),
  ]);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30:duration=1'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=880:sample_rate=44100:duration=1'],
    ...[
      '-ac',
      '1',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-c:a',
      'aac',
      '-y',
      file('intro.mp4'),
    ],
  ]);
  if (outro) {
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc=size=480x480:rate=24:duration=1.5'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=660:sample_rate=32000:duration=1.5'],
      ...['-ac', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-y'],
      file('outro.mp4'),
    ]);
  }
  const keyOf = (name: string) => buildBrandingKey({ env: 'dev', tenantId, name });
  const names = ['logo.png', 'intro.mp4', ...(outro ? ['outro.mp4'] : [])];
  for (const name of names) await storage.putFile({ key: keyOf(name), path: file(name) });
  await updateTenantSettings(tenantSettings, {
    tenantId,
    platformGuardrails: runtime.guardrails,
    mutate: (draft) => {
      draft.branding = {
        ...(watermark ? { watermarkKey: keyOf('logo.png') } : {}),
        introKey: keyOf('intro.mp4'),
        ...(outro ? { outroKey: keyOf('outro.mp4') } : {}),
      };
      return draft;
    },
  });
  const probeSec = async (name: string) => (await runtime.probe({ input: file(name) })).durationSec;
  return {
    introSec: await probeSec('intro.mp4'),
    outroSec: outro ? await probeSec('outro.mp4') : 0,
  };
}
