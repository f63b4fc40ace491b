import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cutPlanSha256, parseCutPlan, serializeCutPlan } from '@reel/cut-plan';
import { generateSpeechClip } from '@reel/sample-media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReelWorkspace, type ReelWorkspace } from './support/reel-workspace';

// Fast encodes: the test checks plan versions, not picture quality.
const fastOptions = JSON.stringify({ video: { preset: 'ultrafast', maxHeight: 180 } });

describe('npx reel run resuming at the render', () => {
  let workspace: ReelWorkspace;
  let clipPath: string;

  beforeAll(async () => {
    workspace = await createReelWorkspace('reel-cli-run-edit-');
    clipPath = (
      await generateSpeechClip({
        outputPath: join(workspace.workDir, 'short.mp4'),
        video: { width: 640, height: 360, fps: 25 },
        minDurationSec: 6,
      })
    ).path;
  });
  afterAll(() => workspace.remove());

  it('records a hand edit of cut-plan.json as a plan version before it renders', async () => {
    // Prepare: a completed job, then a hand edit with a gap that fails its render.
    const { reel, readManifest, storageDir } = workspace;
    const ref = ['--tenant', 'acme', '--job', 'short'];
    await reel(['run', '--input', clipPath, ...ref, '--render-options', fastOptions]);
    const planPath = join(storageDir, 'dev/acme/short/plan/cut-plan.json');
    const plan = parseCutPlan(await readFile(planPath, 'utf8'));
    const endMs = plan.source.durationMs;
    plan.segments = [
      { startMs: 0, endMs: 2000, action: 'keep' },
      { startMs: 2500, endMs, action: 'keep' },
    ];
    await writeFile(planPath, JSON.stringify(plan));
    const failed = await reel(['render', ...ref, '--options', fastOptions]);
    const before = await readManifest('acme', 'short');
    // The edit that fixes it: keep the first 2 s, cut 1 s, keep the rest.
    plan.segments = [
      { startMs: 0, endMs: 2000, action: 'keep' },
      { startMs: 2000, endMs: 3000, action: 'cut' },
      { startMs: 3000, endMs, action: 'keep' },
    ];
    await writeFile(planPath, serializeCutPlan(plan));

    // Act: reel run resumes at the failed render
    const run = await reel(['run', ...ref]);

    // Assess
    expect(failed.exitCode).toBe(1);
    expect(before.steps['video-render-engine']?.status).toBe('failed');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/Recorded the hand edit of cut-plan.json as plan version \d+/);
    expect(run.stdout).not.toMatch(/Planned cuts in/);
    const after = await readManifest('acme', 'short');
    const { render } = after.results;
    expect(render?.pieces.map(({ sourceStartSec }) => sourceStartSec)).toEqual([0, 3]);
    expect(render?.planVersion).toBe(after.results.plan?.version);
    expect(render?.planVersion).toBeGreaterThan(before.results.plan?.version ?? 0);
    const played = after.results.plan?.versions?.find(
      ({ version }) => version === render?.planVersion,
    );
    expect(played?.change).toBe('edited cut-plan.json');
    expect(cutPlanSha256(await readFile(join(storageDir, played!.key), 'utf8'))).toBe(
      render?.planSha256,
    );
  });
});
