import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKeys, createLocalApiKeyStore, type ApiKeys } from '@reel/api-keys';
import { NotFoundError } from '@reel/error-taxonomy';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApiKeyAuthorizer } from './api-key-authorizer';
import { createHttpHandler, type RequestLogger } from './create-http-handler';
import { defineRoute, type HttpRoute } from './http-route';

interface Dependencies {
  notes: string[];
}
const route = defineRoute<Dependencies>();
const routes: Array<HttpRoute<Dependencies>> = [
  route({
    method: 'POST',
    path: '/things/{thing_id}',
    operationId: 'createThing',
    summary: 'Echoes what it parsed',
    auth: 'api-key',
    request: {
      params: z.object({ thing_id: z.string().regex(/^t-\d+$/) }),
      query: z.object({ limit: z.string().regex(/^\d+$/).transform(Number).optional() }),
      body: z.object({ title: z.string().min(1) }),
    },
    responses: { 201: { description: 'Created' } },
    handle: async ({ params, query, body, caller }) => ({
      status: 201,
      body: {
        thing: params.thing_id,
        limit: query.limit ?? null,
        title: body.title,
        tenant: caller.tenantId,
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/things/{thing_id}',
    operationId: 'getThing',
    summary: 'Fails on purpose',
    auth: 'api-key',
    request: {},
    responses: { 200: { description: 'Never' } },
    handle: async ({ dependencies }) => {
      if (dependencies.notes.length === 0) throw new NotFoundError('No thing t-1');
      throw new Error('secret database password in a driver message');
    },
  }),
  route({
    method: 'GET',
    path: '/things/{thing_id}/list.m3u8',
    operationId: 'getThingPlaylist',
    summary: 'A text answer',
    auth: 'none',
    request: {},
    responses: { 200: { description: 'A playlist', contentType: 'application/vnd.apple.mpegurl' } },
    handle: async () => ({
      status: 200,
      text: '#EXTM3U\n#EXT-X-ENDLIST\n',
      contentType: 'application/vnd.apple.mpegurl',
      headers: { 'cache-control': 'private, max-age=60', 'content-type': 'text/plain' },
    }),
  }),
  route({
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'No key needed',
    auth: 'none',
    request: {},
    responses: { 200: { description: 'OK' } },
    handle: async ({ caller }) => ({ status: 200, body: { ok: true, caller: caller ?? null } }),
  }),
];

function event({
  method,
  path,
  query,
  headers = {},
  body,
  authorizer,
}: {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  authorizer?: Record<string, unknown>;
}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(query === undefined ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: 'a',
      apiId: 'a',
      domainName: 'h',
      domainPrefix: 'h',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(authorizer === undefined ? {} : { authorizer: { lambda: authorizer } }),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 };

describe('Function: createHttpHandler', () => {
  let rootDir: string;
  let apiKeys: ApiKeys;
  let secret: string;
  const lines: Array<{ level: string; message: string; attributes: Record<string, unknown> }> = [];
  const logger: RequestLogger = {
    info: (message, attributes) => lines.push({ level: 'info', message, attributes }),
    error: (message, attributes) => lines.push({ level: 'error', message, attributes }),
  };
  const dependencies: Dependencies = { notes: [] };
  const handler = createHttpHandler({
    service: 'test-api',
    routes,
    setup: () => ({ verifyApiKey: (value) => apiKeys.verifyApiKey(value), logger, dependencies }),
  });
  const bearer = () => ({ authorization: `Bearer ${secret}` });

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-http-api-'));
    apiKeys = createApiKeys({ store: createLocalApiKeyStore({ rootDir, env: 'dev' }), env: 'dev' });
    ({ secret } = await apiKeys.createApiKey({ tenantId: 'acme' }));
  });
  afterAll(() => rm(rootDir, { recursive: true, force: true }));

  it('hands the route its parsed path, query and body and the tenant of the key', async () => {
    // Act
    const result = await handler(
      event({
        method: 'POST',
        path: '/things/t-7',
        query: { limit: '5' },
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'x' }),
      }),
      context,
    );

    // Assess
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body ?? '')).toEqual({
      thing: 't-7',
      limit: 5,
      title: 'x',
      tenant: 'acme',
    });
  });

  it('sends a text answer as is with its own content type, not as JSON', async () => {
    // Act
    const result = await handler(event({ method: 'GET', path: '/things/t-1/list.m3u8' }), context);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('#EXTM3U\n#EXT-X-ENDLIST\n');
    expect(result.isBase64Encoded).toBe(false);
    expect(result.headers?.['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(result.headers?.['cache-control']).toBe('private, max-age=60');
  });

  it('takes the tenant from the Lambda authorizer’s context without verifying again', async () => {
    // Act
    const result = await handler(
      event({
        method: 'POST',
        path: '/things/t-7',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'x' }),
        authorizer: { tenantId: 'globex', keyId: 'k' },
      }),
      context,
    );

    // Assess
    expect(JSON.parse(result.body ?? '').tenant).toBe('globex');
  });

  it('lists every invalid field in one 400 problem', async () => {
    // Act
    const result = await handler(
      event({
        method: 'POST',
        path: '/things/nope',
        query: { limit: 'many' },
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({ title: '' }),
      }),
      context,
    );

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(result.body ?? '');
    expect(problem.code).toBe('INVALID_REQUEST');
    for (const field of ['path.thing_id', 'query.limit', 'body.title'])
      expect(problem.detail).toContain(field);
  });

  it('answers 415 for a body that is not JSON and 401 without a key', async () => {
    // Act
    const wrongType = await handler(
      event({
        method: 'POST',
        path: '/things/t-1',
        headers: { ...bearer(), 'content-type': 'text/plain' },
        body: 'hi',
      }),
      context,
    );
    const noKey = await handler(event({ method: 'GET', path: '/things/t-1' }), context);

    // Assess
    expect(wrongType.statusCode).toBe(415);
    expect(JSON.parse(wrongType.body ?? '').code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(noKey.statusCode).toBe(401);
    expect(noKey.headers?.['www-authenticate']).toBe('Bearer');
  });

  it('answers a foreign exception 500 with a generic detail and logs the original', async () => {
    // Prepare
    dependencies.notes.push('fail hard');
    lines.length = 0;

    // Act
    const result = await handler(
      event({ method: 'GET', path: '/things/t-1', headers: bearer() }),
      context,
    );

    // Assess
    dependencies.notes.length = 0;
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('password');
    const logged = lines.find(({ level }) => level === 'error');
    expect(String((logged?.attributes['error'] as Error).message)).toContain('password');
  });

  it('answers 404 for an unknown path, 405 with Allow for a known one, and needs no key for public routes', async () => {
    // Act
    const unknown = await handler(event({ method: 'GET', path: '/nothing' }), context);
    const wrongMethod = await handler(event({ method: 'DELETE', path: '/things/t-1' }), context);
    const health = await handler(event({ method: 'GET', path: '/health' }), context);

    // Assess
    expect(unknown.statusCode).toBe(404);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers?.['allow']).toBe('POST, GET');
    expect(JSON.parse(health.body ?? '')).toEqual({ ok: true, caller: null });
  });

  it('logs one structured line per request with its status, route and tenant', async () => {
    // Prepare
    lines.length = 0;

    // Act
    await handler(event({ method: 'GET', path: '/things/t-1', headers: bearer() }), context);

    // Assess
    const requestLines = lines.filter(({ message }) => message === 'Request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]?.attributes).toMatchObject({
      service: 'test-api',
      method: 'GET',
      path: '/things/t-1',
      route: 'GET /things/{thing_id}',
      status: 404,
      tenantId: 'acme',
      errorCode: 'NOT_FOUND',
    });
  });
});

describe('Function: createHttpHandler with a failing setup', () => {
  it('answers every request 500 problem+json with a generic detail, building once', async () => {
    // Prepare
    let builds = 0;
    const handler = createHttpHandler<Dependencies>({
      service: 'broken-api',
      routes,
      setup: () => {
        builds += 1;
        throw new Error('REEL_BUCKET is not set');
      },
    });
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) =>
      stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    const stdoutWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;

    // Act
    const results = await Promise.all(
      [1, 2].map(() => handler(event({ method: 'GET', path: '/health' }), context)),
    ).finally(() => {
      process.stderr.write = write;
      process.stdout.write = stdoutWrite;
    });

    // Assess
    for (const result of results) {
      expect(result.statusCode).toBe(500);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      expect(result.body).not.toContain('REEL_BUCKET');
    }
    expect(builds).toBe(1);
    expect(stderr.join('')).toContain('REEL_BUCKET is not set');
  });
});

describe('Function: createApiKeyAuthorizer', () => {
  let rootDir: string;
  let apiKeys: ApiKeys;

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-http-authorizer-'));
    apiKeys = createApiKeys({ store: createLocalApiKeyStore({ rootDir, env: 'dev' }), env: 'dev' });
  });
  afterAll(() => rm(rootDir, { recursive: true, force: true }));

  it('authorises a valid key with its tenant in the context and refuses a bad or revoked one', async () => {
    // Prepare
    const authorizer = createApiKeyAuthorizer(() => (value) => apiKeys.verifyApiKey(value));
    const { secret, keyId } = await apiKeys.createApiKey({ tenantId: 'acme' });

    // Act
    const valid = await authorizer({ identitySource: [`Bearer ${secret}`] });
    const wrong = await authorizer({ identitySource: ['Bearer reel_dev_nope'] });
    const missing = await authorizer({ identitySource: null });
    await apiKeys.revokeApiKey({ tenantId: 'acme', keyId });
    const revoked = await authorizer({ identitySource: [`Bearer ${secret}`] });

    // Assess
    expect(valid).toEqual({ isAuthorized: true, context: { tenantId: 'acme', keyId } });
    expect([wrong, missing, revoked]).toEqual(Array(3).fill({ isAuthorized: false }));
  });
});
