import { Readable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cutPlanSha256,
  editCutPlanSegment,
  msToFrames,
  parseCutPlan,
  parseEdl,
  serializeCutPlan,
} from '@reel/cut-plan';
import { generateSpeechClip, type SpeechClip } from '@reel/sample-media';
import {
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  type TestEnvironment,
} from '@reel/test-jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlannableJob } from '../tests/support/seed-job';
import { createSmartCutPlannerHandler } from './handler';

describe('smart-cut-planner: re-planning a versioned plan (local backend)', () => {
  let clipDir: string;
  let clip: SpeechClip;
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createSmartCutPlannerHandler>;

  beforeAll(async () => {
    clipDir = await mkdtemp(join(tmpdir(), 'reel-smart-cut-planner-replan-'));
    clip = await generateSpeechClip({ outputPath: join(clipDir, 'talk.wav') });
    environment = await createTestEnvironment({
      name: 'smart-cut-planner-replan',
      backend: 'local',
    });
    handler = createSmartCutPlannerHandler(() => environment.dependencies);
  });
  afterAll(async () => {
    await environment.cleanup();
    await rm(clipDir, { recursive: true, force: true });
  });

  const storage = () => environment.dependencies.storage;
  const planKey = (jobId: string, name = 'cut-plan.json') => `dev/acme/${jobId}/plan/${name}`;
  const readText = (key: string) => readStoredText(storage(), key);
  const planResult = async (jobId: string) =>
    (await environment.dependencies.manifests.get({ tenantId: 'acme', jobId }))?.results.plan;
  const storedKeys = async (jobId: string) =>
    (await storage().list({ prefix: `dev/acme/${jobId}/plan/` })).map(({ key }) => key);
  const writeCurrent = (jobId: string, text: string) =>
    storage().putStream({ key: planKey(jobId), body: Readable.from([text]) });

  it('writes v2 and makes it current when the plan was not edited', async () => {
    // Prepare
    const job = await createPlannableJob(environment, { jobId: 'unedited', inputPath: clip.path });
    await handler({ job, options: {} }, lambdaContext);

    // Act
    await handler({ job, options: {} }, lambdaContext);

    // Assess
    const result = await planResult('unedited');
    expect(result).toMatchObject({
      version: 2,
      versionKey: planKey('unedited', 'cut-plan.v2.json'),
      plannedSha256: cutPlanSha256(await readText(planKey('unedited'))),
    });
    expect(result?.proposal).toBeUndefined();
    expect(result?.versions?.map(({ version, by, change }) => [version, by, change])).toEqual([
      [1, 'planner', 'plan'],
      [2, 'planner', 're-plan'],
    ]);
    expect(await readText(planKey('unedited'))).toBe(
      await readText(planKey('unedited', 'cut-plan.v2.json')),
    );
  });

  it('keeps a hand-edited plan current and stores the edit and the proposal as new versions', async () => {
    // Prepare
    const job = await createPlannableJob(environment, { jobId: 'edited', inputPath: clip.path });
    await handler({ job, options: {} }, lambdaContext);
    const v1Text = await readText(planKey('edited'));
    const cutNumber = parseCutPlan(v1Text).segments.findIndex(({ action }) => action === 'cut') + 1;
    const editedText = serializeCutPlan(
      editCutPlanSegment(parseCutPlan(v1Text), { edit: 'keep', segmentNumber: cutNumber }),
    );
    await writeCurrent('edited', editedText);

    // Act
    await handler({ job, options: {} }, lambdaContext);

    // Assess
    expect(await readText(planKey('edited'))).toBe(editedText);
    expect(await readText(planKey('edited', 'cut-plan.v1.json'))).toBe(v1Text);
    expect(await readText(planKey('edited', 'cut-plan.v2.json'))).toBe(editedText);
    expect(await readText(planKey('edited', 'cut-plan.v3.json'))).toBe(v1Text);
    const result = await planResult('edited');
    expect(result).toMatchObject({
      planKey: planKey('edited'),
      version: 2,
      versionKey: planKey('edited', 'cut-plan.v2.json'),
      plannedSha256: cutPlanSha256(editedText),
      proposal: { version: 3, versionKey: planKey('edited', 'cut-plan.v3.json') },
    });
    expect(result?.versions?.map(({ version, by, change }) => [version, by, change])).toEqual([
      [1, 'planner', 'plan'],
      [2, 'hand', 'edited cut-plan.json'],
      [3, 'planner', 're-plan'],
    ]);
    const edited = parseCutPlan(editedText);
    expect(result?.keptMs).toBe(
      edited.segments
        .filter(({ action }) => action === 'keep')
        .reduce((sum, { startMs, endMs }) => sum + endMs - startMs, 0),
    );
    const { events } = parseEdl(await readText(planKey('edited', 'cut-plan.edl')), {
      frameRate: edited.source.frameRate,
    });
    expect(events.map(({ sourceInFrames }) => sourceInFrames)).toEqual(
      edited.segments
        .filter(({ action }) => action === 'keep')
        .map(({ startMs }) => msToFrames(startMs, edited.source.frameRate)),
    );

    // Act: a further re-plan keeps the (now recorded) hand edit current too
    await handler({ job, options: {} }, lambdaContext);

    // Assess
    expect(await readText(planKey('edited'))).toBe(editedText);
    const again = await planResult('edited');
    expect(again).toMatchObject({ version: 2, proposal: { version: 4 } });
    expect(again?.versions?.map(({ version, by }) => [version, by])).toEqual([
      [1, 'planner'],
      [2, 'hand'],
      [3, 'planner'],
      [4, 'planner'],
    ]);
  });

  it('refuses a hand edit that leaves a gap, writing nothing', async () => {
    // Prepare
    const job = await createPlannableJob(environment, { jobId: 'gap', inputPath: clip.path });
    await handler({ job, options: {} }, lambdaContext);
    const stored = parseCutPlan(await readText(planKey('gap')));
    const [first, ...rest] = stored.segments;
    const gapText = `${JSON.stringify({ ...stored, segments: [{ ...first!, endMs: first!.endMs - 40 }, ...rest] }, null, 2)}\n`;
    await writeCurrent('gap', gapText);
    const before = { keys: await storedKeys('gap'), result: await planResult('gap') };

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringMatching(
        /edited by hand.*Segment #2 starts at \d+ ms, leaving a gap of 40 ms/,
      ),
      advice: expect.stringContaining('--use N'),
    });
    expect(await storedKeys('gap')).toEqual(before.keys);
    expect(await readText(planKey('gap'))).toBe(gapText);
    expect(await planResult('gap')).toEqual(before.result);
    expect(await environment.scratchLeft()).toEqual([]);
  });
});
