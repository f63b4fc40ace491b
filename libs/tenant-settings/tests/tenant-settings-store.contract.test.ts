import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigInvalidError,
  ConflictError,
  GuardrailExceededError,
  InvalidRequestError,
} from '@reel/error-taxonomy';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoTenantSettingsStore } from '../src/dynamo-tenant-settings-store';
import {
  updateTenantSettings,
  type PlatformGuardrails,
  type TenantSettingsStore,
} from '../src/index';
import { createLocalTenantSettingsStore } from '../src/local-tenant-settings-store';

interface StoreHarness {
  createStore(options?: { env?: string }): TenantSettingsStore;
  /** Stores a raw document for `tenantId`, around the lib. */
  storeRaw(tenantId: string, document: unknown): Promise<void>;
  teardown(): Promise<void>;
}

const tableName = 'reel-test-jobs';

const harnesses: Array<{ backend: string; setup: () => Promise<StoreHarness> }> = [
  {
    backend: 'local files',
    async setup() {
      const rootDir = await mkdtemp(join(tmpdir(), 'reel-tenant-settings-'));
      return {
        createStore: ({ env = 'test' } = {}) => createLocalTenantSettingsStore({ rootDir, env }),
        async storeRaw(tenantId, document) {
          await mkdir(join(rootDir, 'test', tenantId), { recursive: true });
          await writeFile(
            join(rootDir, 'test', tenantId, 'tenant-settings.json'),
            JSON.stringify(document),
          );
        },
        teardown: () => rm(rootDir, { recursive: true, force: true }),
      };
    },
  },
  {
    backend: 'DynamoDB (dynalite)',
    async setup() {
      const dynalite = await startDynalite();
      await ensureJobsTable({ client: dynalite.client, tableName });
      const { DynamoDBDocumentClient, PutCommand } = await import('@aws-sdk/lib-dynamodb');
      const documents = DynamoDBDocumentClient.from(dynalite.client);
      return {
        createStore: ({ env = 'test' } = {}) =>
          createDynamoTenantSettingsStore({ tableName, env, client: dynalite.client }),
        async storeRaw(tenantId, document) {
          await documents.send(
            new PutCommand({
              TableName: tableName,
              Item: { pk: `test/${tenantId}#tenant-settings`, version: 1, settings: document },
            }),
          );
        },
        teardown: () => dynalite.close(),
      };
    },
  },
];

const platformGuardrails: PlatformGuardrails = {
  maxBytes: 5 * 1024 ** 3,
  maxDurationSec: 4 * 3600,
  maxPixels: 7680 * 4320,
  maxStreams: 16,
  allowedContainers: ['mov', 'mp4', 'matroska', 'webm'],
  allowedVideoCodecs: ['h264', 'hevc'],
  allowedAudioCodecs: ['aac', 'mp3'],
  allowedSubtitleCodecs: ['subrip'],
};

describe.each(harnesses)('TenantSettingsStore contract: $backend', ({ setup }) => {
  let harness: StoreHarness;
  let store: TenantSettingsStore;

  beforeAll(async () => {
    harness = await setup();
    store = harness.createStore();
  });

  afterAll(async () => {
    await harness.teardown();
  });

  it('returns the defaults at version 0 for a tenant that stored nothing', async () => {
    // Act
    const settings = await store.get('fresh');

    // Assess
    expect(settings).toMatchObject({
      env: 'test',
      tenantId: 'fresh',
      version: 0,
      guardrails: {},
    });
    expect(settings.ladder).toEqual({});
    expect(settings.updatedAt).toBeUndefined();
  });

  it('stores a document at version 1 and reads it back as written', async () => {
    // Prepare
    const defaults = await store.get('round-trip');

    // Act
    const written = await store.put(
      {
        ...defaults,
        guardrails: { maxDurationSec: 1800, allowedContainers: ['mp4'] },
        render: { video: { crf: 20 }, subtitles: { mode: 'burn' } },
        branding: { logoKey: 'test/round-trip/branding/logo.png' },
        webhookUrl: 'https://hooks.example.com/reel',
      },
      { expectedVersion: 0 },
    );
    const read = await store.get('round-trip');

    // Assess
    expect(written.version).toBe(1);
    expect(Date.parse(written.updatedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(read).toEqual(written);
  });

  it('refuses a write based on a stale version with a ConflictError and keeps the winner', async () => {
    // Prepare
    const defaults = await store.get('stale');
    await store.put(
      { ...defaults, webhookUrl: 'https://first.example.com/' },
      { expectedVersion: 0 },
    );

    // Act
    const write = store.put(
      { ...defaults, webhookUrl: 'https://second.example.com/' },
      { expectedVersion: 0 },
    );

    // Assess
    await expect(write).rejects.toBeInstanceOf(ConflictError);
    await expect(write).rejects.toMatchObject({
      details: { expectedVersion: 0, actualVersion: 1 },
    });
    expect((await store.get('stale')).webhookUrl).toBe('https://first.example.com/');
  });

  it('applies two concurrent updates of different fields without losing either', async () => {
    // Act
    await Promise.all([
      updateTenantSettings(store, {
        tenantId: 'concurrent',
        platformGuardrails,
        mutate: (draft) => {
          draft.guardrails.maxStreams = 4;
        },
      }),
      updateTenantSettings(store, {
        tenantId: 'concurrent',
        platformGuardrails,
        mutate: (draft) => {
          draft.ladder.segmentDurationSec = 4;
        },
      }),
    ]);
    const settings = await store.get('concurrent');

    // Assess
    expect(settings.version).toBe(2);
    expect(settings.guardrails.maxStreams).toBe(4);
    expect(settings.ladder.segmentDurationSec).toBe(4);
  });

  it('refuses an update that loosens a platform guardrail and stores nothing', async () => {
    // Act
    const update = updateTenantSettings(store, {
      tenantId: 'loosen',
      platformGuardrails,
      mutate: (draft) => {
        draft.guardrails.maxDurationSec = 5 * 3600;
      },
    });

    // Assess
    await expect(update).rejects.toBeInstanceOf(GuardrailExceededError);
    expect((await store.get('loosen')).version).toBe(0);
  });

  it('refuses an invalid document with InvalidRequestError naming the field', async () => {
    // Prepare
    const defaults = await store.get('invalid');

    // Act
    const write = store.put(
      { ...defaults, webhookUrl: 'http://hooks.example.com/' },
      { expectedVersion: 0 },
    );

    // Assess
    await expect(write).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(write).rejects.toThrow(/webhookUrl/);
    expect((await store.get('invalid')).version).toBe(0);
  });

  it("refuses a document of another env than the store's", async () => {
    // Prepare
    const otherEnv = await harness.createStore({ env: 'prod' }).get('envs');

    // Act
    const write = store.put(otherEnv, { expectedVersion: 0 });

    // Assess
    await expect(write).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('refuses a tenant id that could escape its folder before touching the store', async () => {
    // Act
    const read = store.get('../etc');

    // Assess
    await expect(read).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('reports a damaged stored document as ConfigInvalidError naming where it is', async () => {
    // Prepare
    await harness.storeRaw('damaged', { schemaVersion: 1, env: 'test', tenantId: 'damaged' });

    // Act
    const read = store.get('damaged');

    // Assess
    await expect(read).rejects.toBeInstanceOf(ConfigInvalidError);
    await expect(read).rejects.toThrow(/damaged/);
  });

  it('reads a version 1 document with its render defaults moved into render options', async () => {
    // Prepare
    await harness.storeRaw('legacy', {
      schemaVersion: 1,
      env: 'test',
      tenantId: 'legacy',
      version: 1,
      guardrails: {},
      render: { videoCodec: 'h264', crf: 19, preset: 'slow', maxHeight: 1080, subtitles: 'none' },
      ladder: { rungs: [720], segmentDurationSec: 4 },
      branding: {},
    });

    // Act
    const read = await store.get('legacy');
    const written = await store.put(read, { expectedVersion: 1 });

    // Assess
    expect(read).toMatchObject({
      schemaVersion: 2,
      version: 1,
      render: { video: { crf: 19, preset: 'slow' }, subtitles: { mode: 'none' } },
    });
    expect(written).toMatchObject({ schemaVersion: 2, version: 2, render: read.render });
  });

  it('refuses a stored document that names another tenant', async () => {
    // Prepare
    const other = await store.put(await store.get('owner'), { expectedVersion: 0 });
    await harness.storeRaw('thief', other);

    // Act
    const read = store.get('thief');

    // Assess
    await expect(read).rejects.toBeInstanceOf(ConfigInvalidError);
  });
});
