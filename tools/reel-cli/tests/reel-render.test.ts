import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutPlanSha256, parseCutPlan, serializeCutPlan } from '@reel/cut-plan';
import { parseStoredManifest, type JobManifest } from '@reel/manifest';
import { generateSpeechClip } from '@reel/sample-media';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI as a user runs it: a child process, real files, real ffmpeg, the built service bundles.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');
const FRAME_SEC = 1 / 25;
/** Where `text` has `first` before `then`, both present: the step's done line before the summary. */
const linesInOrder = (text: string, first: string, then: string) => {
  const firstAt = text.indexOf(first);
  return firstAt >= 0 && firstAt < text.indexOf(then);
};
// Fast encodes: the test checks cuts and records, not picture quality.
const fastOptions = JSON.stringify({ video: { preset: 'ultrafast', maxHeight: 240 } });

describe('npx reel render', () => {
  let workDir: string;
  let storageDir: string;
  let clipPath: string;

  const reel = (args: string[]) =>
    execa(
      reelBin,
      [...args, ...(['plan', 'status'].includes(args[0] ?? '') ? [] : ['--no-build'])],
      {
        cwd: workDir,
        reject: false,
        env: { MEDIA_STORAGE_PATH: storageDir, TMPDIR: join(workDir, 'tmp'), REEL_ENV: 'dev' },
      },
    );
  const jobDir = join('dev', 'acme', 'short');
  const readManifest = async (): Promise<JobManifest> => {
    const path = join(storageDir, jobDir, 'manifest.json');
    return parseStoredManifest(await readFile(path, 'utf8'), { source: path });
  };
  const videoDurationSec = async (path: string) =>
    Number(
      (
        await execa('ffprobe', [
          '-v',
          'error',
          '-select_streams',
          'v:0',
          '-show_entries',
          'stream=duration',
          '-of',
          'csv=p=0',
          path,
        ])
      ).stdout.trim(),
    );

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-render-'));
    storageDir = join(workDir, 'storage');
    await execa('mkdir', ['-p', join(workDir, 'tmp')]);
    clipPath = (
      await generateSpeechClip({
        outputPath: join(workDir, 'short.mp4'),
        video: { width: 640, height: 360, fps: 25 },
        minDurationSec: 6,
      })
    ).path;
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('ends reel run with a render as long as the plan keeps, then re-renders a hand-edited and a toggled plan; status lists the last render after a failed one', async () => {
    // Act: the whole workflow, with per-job render options
    const run = await reel([
      'run',
      '--input',
      clipPath,
      '--tenant',
      'acme',
      '--job',
      'short',
      '--render-options',
      fastOptions,
    ]);

    // Assess
    expect(run.stdout).toMatch(/\(5\/6\) ✔ Rendered in/);
    expect(linesInOrder(run.stdout, '(5/6) ✔ Rendered in', '(6/6) ✔ Transcoded in')).toBe(true);
    expect(linesInOrder(run.stdout, '(6/6) ✔ Transcoded in', 'Job short completed')).toBe(true);
    expect(run.exitCode).toBe(0);
    const first = await readManifest();
    const keptSec = first.results.plan!.keptMs / 1000;
    expect(first.results.render).toMatchObject({
      videoKey: 'dev/acme/short/renders/render.mp4',
      planKey: 'dev/acme/short/plan/cut-plan.json',
      options: { video: { preset: 'ultrafast', maxHeight: 240 } },
      height: 240,
    });
    const renderPath = join(storageDir, jobDir, 'renders', 'render.mp4');
    expect(Math.abs((await videoDurationSec(renderPath)) - keptSec)).toBeLessThanOrEqual(
      FRAME_SEC * 2,
    );

    // Prepare: a hand edit of the current plan: keep the first 2 s, cut 1 s, keep the rest.
    const planPath = join(storageDir, jobDir, 'plan', 'cut-plan.json');
    const plan = parseCutPlan(await readFile(planPath, 'utf8'));
    const endMs = plan.source.durationMs;
    plan.segments = [
      { startMs: 0, endMs: 2000, action: 'keep' },
      { startMs: 2000, endMs: 3000, action: 'cut' },
      { startMs: 3000, endMs, action: 'keep' },
    ];
    await writeFile(planPath, serializeCutPlan(plan));

    // Act: render again with other options
    const render = await reel([
      'render',
      '--tenant',
      'acme',
      '--job',
      'short',
      '--options',
      JSON.stringify({ video: { preset: 'ultrafast', maxHeight: 180 }, podcast: { use: false } }),
    ]);

    // Assess
    expect(render.stdout).toMatch(/\(5\/6\) ✔ Rendered in/);
    expect(linesInOrder(render.stdout, '(5/6) ✔ Rendered in', 'Job short completed')).toBe(true);
    expect(render.stdout).not.toMatch(/Planned cuts in/);
    expect(render.exitCode).toBe(0);
    const second = await readManifest();
    expect(second.status).toBe('completed');
    expect(second.results.render?.pieces.map(({ sourceStartSec }) => sourceStartSec)).toEqual([
      0, 3,
    ]);
    expect(second.results.render?.planSha256).not.toBe(first.results.render?.planSha256);
    expect(second.results.render).toMatchObject({ height: 180 });
    expect(second.results.render?.mp3Key).toBeUndefined();
    expect(await readdir(join(storageDir, jobDir, 'renders'))).not.toContain('episode.mp3');
    expect(Math.abs((await videoDurationSec(renderPath)) - (endMs / 1000 - 1))).toBeLessThanOrEqual(
      FRAME_SEC * 2,
    );
    // The hand edit became a plan version before the render, and the render names it.
    expect(render.stdout).toMatch(/Recorded the hand edit of cut-plan.json as plan version \d+/);
    const played = second.results.plan?.versions?.find(
      ({ version }) => version === second.results.render?.planVersion,
    );
    expect(second.results.render?.planVersion).toBe(second.results.plan?.version);
    expect(second.results.render?.planVersion).toBeGreaterThan(
      first.results.render?.planVersion ?? 0,
    );
    expect(played?.change).toBe('edited cut-plan.json');
    expect(cutPlanSha256(await readFile(join(storageDir, played!.key), 'utf8'))).toBe(
      second.results.render?.planSha256,
    );
    expect(second.steps['smart-cut-planner']?.attempts).toHaveLength(1);
    expect(second.steps['video-render-engine']?.attempts).toHaveLength(2);

    // Act: put the cut segment back with the plan verb (a new plan version), render again
    const toggle = await reel(['plan', '--tenant', 'acme', '--job', 'short', '--toggle', '2']);
    const third = await reel([
      'render',
      '--tenant',
      'acme',
      '--job',
      'short',
      '--options',
      fastOptions,
    ]);

    // Assess: nothing removed now: the whole source, a newer plan version, no preview left
    expect(toggle.exitCode).toBe(0);
    expect(third.exitCode).toBe(0);
    const last = await readManifest();
    expect(last.results.render?.planVersion).toBe(last.results.plan?.version);
    expect(last.results.render?.planVersion).toBeGreaterThan(
      second.results.render?.planVersion ?? 0,
    );
    expect(last.results.render?.pieces).toHaveLength(1);
    expect(last.results.render?.previewKey).toBeUndefined();
    expect(await readdir(join(storageDir, jobDir, 'renders'))).not.toContain('removed-preview.mp4');
    expect(Math.abs((await videoDurationSec(renderPath)) - endMs / 1000)).toBeLessThanOrEqual(
      FRAME_SEC * 2,
    );

    // Act: a hand edit with a gap fails the next render; status still lists the last render
    plan.segments = [
      { startMs: 0, endMs: 2000, action: 'keep' },
      { startMs: 2500, endMs, action: 'keep' },
    ];
    await writeFile(planPath, JSON.stringify(plan));
    const failed = await reel(['render', '--tenant', 'acme', '--job', 'short']);
    const status = await reel(['status', '--tenant', 'acme', '--job', 'short']);

    // Assess
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/Segment #2 starts at 2500 ms/);
    expect(status.stdout).toContain(
      '  outputs of video-render-engine attempt 3 (its last success, an earlier run; attempt 4 failed)',
    );
    expect(status.stdout).toMatch(
      / {4}dev\/acme\/short\/renders\/render\.mp4 +\d[\d.]* (KiB|MiB) +\d+\.\d\d s/,
    );
  });

  it('refuses invalid render options as a usage error before taking the job', async () => {
    // Act
    const result = await reel([
      'render',
      '--tenant',
      'acme',
      '--job',
      'short',
      '--options',
      '{"video":{"crf":99}}',
    ]);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('video.crf');
  });

  it('prints its help', async () => {
    const result = await reel(['render', '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('npx reel render --job ID');
  });
});
