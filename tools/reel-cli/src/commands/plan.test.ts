import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  cutPlanSha256,
  cutPlanVersionName,
  cutPlanVersionRecord,
  parseCutPlan,
  parseEdl,
  planCuts,
  serializeCutPlan,
  summarizeCutPlan,
  writeEdl,
  writeFcpxml,
  type CutPlan,
} from '@reel/cut-plan';
import { createJobManifest, updateManifest } from '@reel/manifest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCliDependencies, type CliDependencies } from '../cli-dependencies';
import { readStoredText } from '@reel/test-jobs';
import { reportError } from '../report-error';
import { planCommand } from './plan';

const pal = { numerator: 25, denominator: 1 };
const planFolder = (jobId: string) => `dev/acme/${jobId}/plan/`;

/** keep 0–2000, cut 2000–4000, keep 4000–6200, cut 6200–7800, keep 7800–10000 (5 segments). */
const plannerPlan: CutPlan = planCuts({
  durationMs: 10_000,
  silences: [
    { startMs: 1800, endMs: 4200 },
    { startMs: 6000, endMs: 8000 },
  ],
  source: { name: 'talk.mp4', frameRate: pal, video: { width: 640, height: 360 } },
});
const actionsOf = (plan: CutPlan) => plan.segments.map(({ action }) => action);

describe('Command: reel plan (versions and edits)', () => {
  let workDir: string;
  let dependencies: CliDependencies;
  let stdout: string[];
  let stderr: string[];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-plan-cli-'));
    process.env.MEDIA_STORAGE_PATH = join(workDir, 'storage');
    process.env.REEL_ENV = 'dev';
    process.env.REEL_BACKEND = 'local';
    dependencies = loadCliDependencies(undefined);
  });
  afterAll(async () => {
    process.env = savedEnv;
    await rm(workDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    stdout = [];
    stderr = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void stdout.push(text));
  });
  afterEach(() => vi.restoreAllMocks());

  const reel = (args: string[]) =>
    planCommand(args).catch((error: unknown) => reportError(error, (text) => stderr.push(text)));
  const readText = (key: string) => readStoredText(dependencies.storage, key);
  const result = async (jobId: string) =>
    (await dependencies.manifests.get({ tenantId: 'acme', jobId }))?.results.plan;
  const snapshot = async (jobId: string) => ({
    keys: await Promise.all(
      (await dependencies.storage.list({ prefix: planFolder(jobId) })).map(
        async ({ key }) => [key, await readText(key)] as const,
      ),
    ),
    manifest: await dependencies.manifests.get({ tenantId: 'acme', jobId }),
  });

  /** A job as the smart-cut-planner leaves it: v1 stored and current, its result recorded. */
  async function seedPlannedJob(jobId: string): Promise<void> {
    await dependencies.manifests.create(
      createJobManifest({
        env: 'dev',
        tenantId: 'acme',
        jobId,
        correlationId: 'test',
        now: new Date(),
        input: { key: `dev/acme/${jobId}/input/talk.mp4`, bytes: 1, sha256: 'a'.repeat(64) },
      }),
    );
    const text = serializeCutPlan(plannerPlan);
    const put = (name: string, body: string) =>
      dependencies.storage.putStream({
        key: planFolder(jobId) + name,
        body: Readable.from([body]),
      });
    await put(cutPlanVersionName(1), text);
    await put('cut-plan.edl', writeEdl(plannerPlan));
    await put('cut-plan.fcpxml', writeFcpxml(plannerPlan));
    await put('cut-plan.json', text);
    const record = cutPlanVersionRecord({
      version: 1,
      key: planFolder(jobId) + cutPlanVersionName(1),
      by: 'planner',
      change: 'plan',
      plan: plannerPlan,
      text,
      createdAt: new Date().toISOString(),
    });
    const { keptMs, removedMs, removedByReasonMs } = summarizeCutPlan(plannerPlan);
    await updateManifest(dependencies.manifests, { tenantId: 'acme', jobId }, (draft) => {
      draft.results.plan = {
        planKey: `${planFolder(jobId)}cut-plan.json`,
        edlKey: `${planFolder(jobId)}cut-plan.edl`,
        fcpxmlKey: `${planFolder(jobId)}cut-plan.fcpxml`,
        mode: 'cut',
        keptMs,
        removedMs,
        removedByReasonMs,
        version: 1,
        versionKey: record.key,
        plannedSha256: record.sha256,
        versions: [record],
      };
    });
  }

  it('lists the segments numbered from 1 with the current version', async () => {
    // Prepare
    await seedPlannedJob('listed');

    // Act
    const exitCode = await reel(['--tenant', 'acme', '--job', 'listed']);

    // Assess
    expect(exitCode).toBe(0);
    expect(stdout[0]).toContain('version 1');
    const numbers = stdout[0]!
      .split('\n')
      .map((line) => /^\s+(\d+)\s+(keep|cut)\s/.exec(line)?.slice(1, 3))
      .filter((match) => match !== undefined);
    expect(numbers).toEqual(
      plannerPlan.segments.map(({ action }, index) => [String(index + 1), action]),
    );
  });

  it('toggles, cuts and keeps segments, each a new hand-made version, and --use goes back', async () => {
    // Prepare
    await seedPlannedJob('edits');
    const folder = planFolder('edits');

    // Act
    const toggled = await reel(['--tenant', 'acme', '--job', 'edits', '--toggle', '2']);

    // Assess
    expect(toggled).toBe(0);
    expect(stdout[0]).toMatch(/^Plan version 2 of job edits is current \(toggle 2\)/);
    const v2 = parseCutPlan(await readText(`${folder}cut-plan.v2.json`));
    expect(actionsOf(v2)).toEqual(['keep', 'keep', 'keep', 'cut', 'keep']);
    expect(v2.segments.map(({ startMs, endMs }) => [startMs, endMs])).toEqual(
      plannerPlan.segments.map(({ startMs, endMs }) => [startMs, endMs]),
    );
    expect(await readText(`${folder}cut-plan.json`)).toBe(
      await readText(`${folder}cut-plan.v2.json`),
    );
    expect(await result('edits')).toMatchObject({
      version: 2,
      versionKey: `${folder}cut-plan.v2.json`,
      plannedSha256: cutPlanSha256(await readText(`${folder}cut-plan.json`)),
      keptMs: 8400,
      removedMs: 1600,
    });
    const { events } = parseEdl(await readText(`${folder}cut-plan.edl`), { frameRate: pal });
    expect(events).toHaveLength(4);

    // Act
    expect(await reel(['--tenant', 'acme', '--job', 'edits', '--cut', '1'])).toBe(0);
    expect(await reel(['--tenant', 'acme', '--job', 'edits', '--keep', '4'])).toBe(0);

    // Assess
    expect(actionsOf(parseCutPlan(await readText(`${folder}cut-plan.v3.json`)))).toEqual([
      'cut',
      'keep',
      'keep',
      'cut',
      'keep',
    ]);
    expect(actionsOf(parseCutPlan(await readText(`${folder}cut-plan.json`)))).toEqual([
      'cut',
      'keep',
      'keep',
      'keep',
      'keep',
    ]);

    // Act
    const used = await reel(['--tenant', 'acme', '--job', 'edits', '--use', '1']);

    // Assess
    expect(used).toBe(0);
    expect(await readText(`${folder}cut-plan.json`)).toBe(serializeCutPlan(plannerPlan));
    const afterUse = await result('edits');
    expect(afterUse).toMatchObject({ version: 1, keptMs: summarizeCutPlan(plannerPlan).keptMs });
    expect(afterUse?.versions?.map(({ version, by, change }) => [version, by, change])).toEqual([
      [1, 'planner', 'plan'],
      [2, 'hand', 'toggle 2'],
      [3, 'hand', 'cut 1'],
      [4, 'hand', 'keep 4'],
    ]);
    stdout = [];
    expect(await reel(['--tenant', 'acme', '--job', 'edits', '--versions'])).toBe(0);
    const rows = stdout[0]!.split('\n').filter((line) => /^\s+\d+\s+\d{4}-/.test(line));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^\s+1\s.*planner\s+plan\s+6\.40 s\s+3\.60 s\s+current$/);
    expect(rows[1]).toMatch(/hand\s+toggle 2\s+8\.40 s\s+1\.60 s\s*$/);
  });

  it('records an unrecorded hand edit as a version before applying a verb on top of it', async () => {
    // Prepare
    await seedPlannedJob('hand');
    const folder = planFolder('hand');
    const handEdited = serializeCutPlan({
      ...plannerPlan,
      segments: plannerPlan.segments.map((segment, index) =>
        index === 4 ? { ...segment, action: 'cut' as const } : segment,
      ),
    });
    await dependencies.storage.putStream({
      key: `${folder}cut-plan.json`,
      body: Readable.from([handEdited]),
    });

    // Act
    const exitCode = await reel(['--tenant', 'acme', '--job', 'hand', '--toggle', '2']);

    // Assess
    expect(exitCode).toBe(0);
    expect(await readText(`${folder}cut-plan.v2.json`)).toBe(handEdited);
    expect(actionsOf(parseCutPlan(await readText(`${folder}cut-plan.v3.json`)))).toEqual([
      'keep',
      'keep',
      'keep',
      'cut',
      'cut',
    ]);
    expect((await result('hand'))?.versions?.map(({ change }) => change)).toEqual([
      'plan',
      'edited cut-plan.json',
      'toggle 2',
    ]);
  });

  it('refuses a hand-edited plan with an overlap when reading it', async () => {
    // Prepare
    await seedPlannedJob('overlap');
    const [first, second, ...rest] = plannerPlan.segments;
    await dependencies.storage.putStream({
      key: `${planFolder('overlap')}cut-plan.json`,
      body: Readable.from([
        serializeCutPlan({
          ...plannerPlan,
          segments: [first!, { ...second!, startMs: second!.startMs - 100 }, ...rest],
        }),
      ]),
    });
    const before = await snapshot('overlap');

    // Act
    const exitCode = await reel(['--tenant', 'acme', '--job', 'overlap', '--toggle', '1']);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr.join('')).toMatch(
      /INVALID_REQUEST: Segment #2 starts at 1900 ms, overlapping segment #1/,
    );
    expect(await snapshot('overlap')).toEqual(before);
  });

  it.each([
    ['--toggle', '0', /no segment 0/],
    ['--toggle', '999', /no segment 999/],
    ['--toggle', 'abc', /no segment abc/],
    ['--keep', '-1', /no segment -1|argument missing|ambiguous/],
    ['--cut', '2.5', /no segment 2\.5/],
    ['--use', '7', /no plan version 7/],
    ['--use', 'latest', /no plan version latest/],
  ])('refuses %s %s with exit 2 and writes nothing', async (option, value, message) => {
    // Prepare
    const jobId = `bad-${option.slice(2)}-${value.replace(/[^a-z0-9]/gi, 'x')}`;
    await seedPlannedJob(jobId);
    const before = await snapshot(jobId);

    // Act
    const exitCode = await reel(['--tenant', 'acme', '--job', jobId, option, value]);

    // Assess
    expect(exitCode).toBe(2);
    expect(stderr.join('')).toMatch(message);
    expect(await snapshot(jobId)).toEqual(before);
  });

  it('exports every segment with --all-segments, cut clips disabled in FCPXML', async () => {
    // Prepare
    await seedPlannedJob('export');
    const fcpxmlPath = join(workDir, 'all.fcpxml');
    const edlPath = join(workDir, 'all.edl');

    // Act
    const fcpxmlExit = await reel([
      '--tenant',
      'acme',
      '--job',
      'export',
      '--export',
      'fcpxml',
      '--all-segments',
      '--out',
      fcpxmlPath,
    ]);
    const edlExit = await reel([
      '--tenant',
      'acme',
      '--job',
      'export',
      '--export',
      'edl',
      '--all-segments',
      '--out',
      edlPath,
    ]);

    // Assess
    expect([fcpxmlExit, edlExit]).toEqual([0, 0]);
    const fcpxml = await readFile(fcpxmlPath, 'utf8');
    expect(fcpxml.match(/<asset-clip /g)).toHaveLength(5);
    expect(fcpxml.match(/<asset-clip [^>]*enabled="0"/g)).toHaveLength(2);
    expect(fcpxml.match(/<marker [^>]*value="reel cut: silence/g)).toHaveLength(2);
    const { events } = parseEdl(await readFile(edlPath, 'utf8'), { frameRate: pal });
    expect(events.map(({ comments }) => comments.length > 0)).toEqual([
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(stdout.at(-1)).toContain('all 5 segments (2 cut ones marked)');
  });
});
