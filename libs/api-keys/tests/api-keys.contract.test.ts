import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvalidRequestError, NotFoundError, UnauthorizedError } from '@reel/error-taxonomy';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  API_KEYS_FOLDER,
  createApiKeys,
  createDynamoApiKeyStore,
  createLocalApiKeyStore,
  hashApiKeySecret,
  type ApiKeyStore,
  type ApiKeys,
} from '../src/index';

interface StoreHarness {
  createStore(options?: { env?: string }): ApiKeyStore;
  /** Everything the backend holds, as text: where a leaked secret would show. */
  dumpEverything(): Promise<string>;
  /** The DynamoDB operations sent since the last call (DynamoDB only). */
  takeOperations?(): string[];
  teardown(): Promise<void>;
}

const tableName = 'reel-test-jobs';

const harnesses: Array<{ backend: string; setup: () => Promise<StoreHarness> }> = [
  {
    backend: 'local files',
    async setup() {
      const rootDir = await mkdtemp(join(tmpdir(), 'reel-api-keys-'));
      return {
        createStore: ({ env = 'test' } = {}) => createLocalApiKeyStore({ rootDir, env }),
        async dumpEverything() {
          const folder = join(rootDir, API_KEYS_FOLDER);
          const names = await readdir(folder);
          const texts = await Promise.all(
            names.map((name) => readFile(join(folder, name), 'utf8')),
          );
          return texts.join('\n');
        },
        teardown: () => rm(rootDir, { recursive: true, force: true }),
      };
    },
  },
  {
    backend: 'DynamoDB (dynalite)',
    async setup() {
      const dynalite: DynaliteHandle = await startDynalite();
      await ensureJobsTable({ client: dynalite.client, tableName });
      // The store's own client, counting the operations it sends.
      const operations: string[] = [];
      const client = new DynamoDBClient({
        endpoint: dynalite.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      client.middlewareStack.add(
        (next, context) => (args) => {
          operations.push(String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'countOperations' },
      );
      return {
        createStore: ({ env = 'test' } = {}) => createDynamoApiKeyStore({ tableName, env, client }),
        async dumpEverything() {
          const { Items: items = [] } = await dynalite.client.send(
            new ScanCommand({ TableName: tableName }),
          );
          return JSON.stringify(items);
        },
        takeOperations: () => operations.splice(0),
        async teardown() {
          client.destroy();
          await dynalite.close();
        },
      };
    },
  },
];

describe.each(harnesses)('API keys: $backend', ({ backend, setup }) => {
  let harness: StoreHarness;
  let apiKeys: ApiKeys;
  let clock = Date.parse('2026-12-01T10:00:00.000Z');

  beforeAll(async () => {
    harness = await setup();
    apiKeys = createApiKeys({
      store: harness.createStore(),
      env: 'test',
      now: () => new Date((clock += 1000)),
    });
  });

  afterAll(async () => {
    await harness.teardown();
  });

  beforeEach(() => {
    harness.takeOperations?.();
  });

  it('creates a random key shown once and verifies it as its tenant', async () => {
    // Act
    const created = await apiKeys.createApiKey({ tenantId: 'acme', name: 'ci' });
    const verified = await apiKeys.verifyApiKey(`Bearer ${created.secret}`);

    // Assess
    expect(created.secret).toMatch(/^reel_test_[a-z2-7]{12}_[a-z2-7]{52}$/);
    expect(created.secret).toContain(`_${created.keyId}_`);
    expect(created).toMatchObject({ tenantId: 'acme', name: 'ci' });
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    expect(verified).toEqual({ tenantId: 'acme', keyId: created.keyId });
    expect(await apiKeys.verifyApiKey(created.secret)).toEqual(verified);
  });

  it('stores the SHA-256 of a key and never the secret or its random part', async () => {
    // Act
    const created = await apiKeys.createApiKey({ tenantId: 'hashed' });
    const everything = await harness.dumpEverything();

    // Assess
    const randomPart = created.secret.slice(-52);
    expect(everything).not.toContain(randomPart);
    expect(everything).toContain(hashApiKeySecret(created.secret));
  });

  it('gives two keys of one tenant different ids and secrets', async () => {
    const first = await apiKeys.createApiKey({ tenantId: 'twice' });
    const second = await apiKeys.createApiKey({ tenantId: 'twice' });
    expect(first.keyId).not.toBe(second.keyId);
    expect(first.secret).not.toBe(second.secret);
  });

  it('lists a tenant its own keys only, newest first, with no secret or hash', async () => {
    // Prepare
    const older = await apiKeys.createApiKey({ tenantId: 'lister', name: 'laptop' });
    const newer = await apiKeys.createApiKey({ tenantId: 'lister' });
    await apiKeys.createApiKey({ tenantId: 'someone-else' });
    harness.takeOperations?.();

    // Act
    const listed = await apiKeys.listApiKeys('lister');

    // Assess
    expect(listed).toEqual([
      { keyId: newer.keyId, tenantId: 'lister', createdAt: newer.createdAt },
      { keyId: older.keyId, tenantId: 'lister', name: 'laptop', createdAt: older.createdAt },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/secret|sha256|reel_test_/i);
    if (harness.takeOperations) {
      expect(harness.takeOperations()).toEqual(['GetItemCommand', 'BatchGetItemCommand']);
    }
  });

  it('lists nothing for a tenant without keys', async () => {
    expect(await apiKeys.listApiKeys('keyless')).toEqual([]);
  });

  it('refuses a revoked key at once, with the error an unknown key gets', async () => {
    // Prepare
    const created = await apiKeys.createApiKey({ tenantId: 'revoker' });
    await apiKeys.verifyApiKey(created.secret);

    // Act
    const revoked = await apiKeys.revokeApiKey({ tenantId: 'revoker', keyId: created.keyId });
    const verify = apiKeys.verifyApiKey(created.secret);

    // Assess
    expect(revoked).toMatchObject({ keyId: created.keyId, tenantId: 'revoker' });
    expect(Date.parse(revoked.revokedAt ?? '')).toBeGreaterThan(Date.parse(created.createdAt));
    await expect(verify).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await apiKeys.listApiKeys('revoker'))[0]?.revokedAt).toBe(revoked.revokedAt);
  });

  it('keeps the first revocation time when a key is revoked twice', async () => {
    const created = await apiKeys.createApiKey({ tenantId: 'twice-revoked' });
    const first = await apiKeys.revokeApiKey({ tenantId: 'twice-revoked', keyId: created.keyId });
    const second = await apiKeys.revokeApiKey({ tenantId: 'twice-revoked', keyId: created.keyId });
    expect(second.revokedAt).toBe(first.revokedAt);
  });

  it("refuses to revoke another tenant's key as not found, and the key keeps working", async () => {
    // Prepare
    const victim = await apiKeys.createApiKey({ tenantId: 'victim' });
    harness.takeOperations?.();

    // Act
    const revoke = apiKeys.revokeApiKey({ tenantId: 'attacker', keyId: victim.keyId });

    // Assess
    await expect(revoke).rejects.toBeInstanceOf(NotFoundError);
    if (harness.takeOperations) {
      // One conditional UpdateItem on the key's own item: no read-then-write window.
      expect(harness.takeOperations()).toEqual(['UpdateItemCommand']);
    }
    expect(await apiKeys.verifyApiKey(victim.secret)).toEqual({
      tenantId: 'victim',
      keyId: victim.keyId,
    });
  });

  it('refuses to revoke a key id that does not exist or is malformed as not found', async () => {
    await expect(
      apiKeys.revokeApiKey({ tenantId: 'acme', keyId: 'aaaaaaaaaaaa' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      apiKeys.revokeApiKey({ tenantId: 'acme', keyId: '../../etc' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers every bad token with one UnauthorizedError after one store read each', async () => {
    // Prepare
    const valid = await apiKeys.createApiKey({ tenantId: 'probe' });
    const revokedKey = await apiKeys.createApiKey({ tenantId: 'probe' });
    await apiKeys.revokeApiKey({ tenantId: 'probe', keyId: revokedKey.keyId });
    const wrongSecret = `${valid.secret.slice(0, -1)}${valid.secret.endsWith('a') ? 'b' : 'a'}`;
    const unknownId = valid.secret.replace(valid.keyId, 'zzzzzzzzzzzz');
    const otherEnv = valid.secret.replace('reel_test_', 'reel_prod_');
    const badTokens: unknown[] = [
      undefined,
      '',
      'Bearer ',
      'not a key',
      'x'.repeat(100_000),
      wrongSecret,
      unknownId,
      otherEnv,
      revokedKey.secret,
    ];
    harness.takeOperations?.();

    // Act
    const outcomes = await Promise.all(
      badTokens.map((token) =>
        apiKeys.verifyApiKey(token).then(
          () => undefined,
          (error) => error,
        ),
      ),
    );

    // Assess
    for (const error of outcomes) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error).toMatchObject({
        message: 'The API key is missing, malformed, unknown or revoked',
        details: {},
      });
    }
    if (harness.takeOperations) {
      expect(harness.takeOperations()).toEqual(badTokens.map(() => 'GetItemCommand'));
    }
  });

  it('refuses a tenant id that could escape its folder or key, and a name with control characters', async () => {
    await expect(apiKeys.createApiKey({ tenantId: '../acme' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await expect(
      apiKeys.createApiKey({ tenantId: 'acme', name: 'ci\u0000\nroot' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(apiKeys.listApiKeys('ACME/..')).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('keeps envs apart: a key of one env is unknown in another', async () => {
    // Prepare
    const prodKeys = createApiKeys({ store: harness.createStore({ env: 'prod' }), env: 'prod' });
    const prodKey = await prodKeys.createApiKey({ tenantId: 'acme' });

    // Act
    const inTest = apiKeys.verifyApiKey(prodKey.secret);

    // Assess
    await expect(inTest).rejects.toBeInstanceOf(UnauthorizedError);
    expect(await prodKeys.verifyApiKey(prodKey.secret)).toMatchObject({ tenantId: 'acme' });
    expect((await apiKeys.listApiKeys('acme')).map((key) => key.keyId)).not.toContain(
      prodKey.keyId,
    );
  });

  it('creates 20 keys at once without losing one', async () => {
    // Act
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        apiKeys.createApiKey({ tenantId: 'burst', name: `worker ${index}` }),
      ),
    );
    const listed = await apiKeys.listApiKeys('burst');

    // Assess
    expect(listed.map((key) => key.keyId).sort()).toEqual(created.map((key) => key.keyId).sort());
    const verified = await Promise.all(created.map((key) => apiKeys.verifyApiKey(key.secret)));
    expect(new Set(verified.map((key) => key.tenantId))).toEqual(new Set(['burst']));
  });

  if (backend === 'local files') {
    it('keeps the keys file in a folder only its owner can open, with no temp or lock files left', async () => {
      // Prepare
      const rootDir = await mkdtemp(join(tmpdir(), 'reel-api-keys-mode-'));
      try {
        const keys = createApiKeys({
          store: createLocalApiKeyStore({ rootDir, env: 'dev' }),
          env: 'dev',
        });

        // Act
        await keys.createApiKey({ tenantId: 'acme' });

        // Assess
        const folder = join(rootDir, API_KEYS_FOLDER);
        expect((await stat(folder)).mode & 0o777).toBe(0o700);
        expect(await readdir(folder)).toEqual(['dev.json']);
      } finally {
        await rm(rootDir, { recursive: true, force: true });
      }
    });
  }
});
