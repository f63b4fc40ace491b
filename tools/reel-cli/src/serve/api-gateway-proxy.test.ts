import { createApiKeys, createLocalApiKeyStore } from '@reel/api-keys';
import { isReelError } from '@reel/error-taxonomy';
import { createApiKeyAuthorizer } from '@reel/http-api';
import type { ServiceName } from '@reel/service-presets';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGatewayProxy, toStructuredResult } from './api-gateway-proxy';
import { apiRoutes, type ApiRoute } from '@reel/service-presets';

/** The table with the video-api's routes as they will be added: a public route and method checks. */
const routesWithVideoApi: readonly ApiRoute[] = [
  ...apiRoutes,
  { routeKey: 'GET /health', service: 'video-api', authorizer: 'none' },
  { routeKey: 'GET /openapi.json', service: 'video-api', authorizer: 'none' },
  { routeKey: 'ANY /videos', service: 'video-api', authorizer: 'api-key' },
  { routeKey: 'ANY /videos/{proxy+}', service: 'video-api', authorizer: 'api-key' },
];

function eventOf(method: string, rawPath: string, headers: Record<string, string> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  } satisfies APIGatewayProxyEventV2;
}

describe('Function: createApiGatewayProxy', () => {
  let rootDir: string;
  let secret: string;
  const invoked: Array<{ service: ServiceName; event: APIGatewayProxyEventV2 }> = [];
  let proxy: ReturnType<typeof createApiGatewayProxy>;

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-serve-proxy-'));
    const apiKeys = createApiKeys({
      store: createLocalApiKeyStore({ rootDir, env: 'dev' }),
      env: 'dev',
    });
    ({ secret } = await apiKeys.createApiKey({ tenantId: 'acme' }));
    proxy = createApiGatewayProxy({
      routes: routesWithVideoApi,
      authorize: createApiKeyAuthorizer(() => apiKeys.verifyApiKey),
      invoke: async (service, event) => {
        invoked.push({ service, event });
        return { statusCode: 200, body: 'ok' };
      },
    });
  });
  afterAll(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it("hands the route's app the authorizer's tenant, the route key and the path parameters", async () => {
    // Act
    const result = await proxy(
      eventOf('GET', '/api/v1/audio_clips/ep-1', { authorization: `Bearer ${secret}` }),
    );

    // Assess
    expect(result).toEqual({
      statusCode: 200,
      body: 'ok',
      headers: { 'apigw-requestid': 'request-1' },
    });
    const { service, event } = invoked.at(-1) ?? {};
    expect(service).toBe('audio-clips-api');
    expect(event).toMatchObject({
      routeKey: 'ANY /api/v1/audio_clips/{proxy+}',
      pathParameters: { proxy: 'ep-1' },
      requestContext: {
        routeKey: 'ANY /api/v1/audio_clips/{proxy+}',
        authorizer: { lambda: { tenantId: 'acme', keyId: expect.any(String) } },
      },
    });
  });

  it('gives a public route no authorizer context, even with a key sent', async () => {
    // Act
    await proxy(eventOf('GET', '/health', { authorization: `Bearer ${secret}` }));

    // Assess
    const { service, event } = invoked.at(-1) ?? {};
    expect(service).toBe('video-api');
    expect(event?.requestContext).not.toHaveProperty('authorizer');
  });

  it.each([
    ['no key', {}, 'This API needs an API key'],
    ['a blank key', { authorization: '  ' }, 'This API needs an API key'],
    ['a bad key', { authorization: 'Bearer reel_dev_nope' }, 'missing, malformed, unknown'],
  ])('refuses %s with UNAUTHORIZED and never invokes the app', async (_case, headers, message) => {
    // Prepare
    const invokedBefore = invoked.length;

    // Act
    const error = await proxy(eventOf('GET', '/videos', headers)).catch(
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(isReelError(error) && error.code).toBe('UNAUTHORIZED');
    expect((error as Error).message).toContain(message);
    expect(invoked.length).toBe(invokedBefore);
  });

  it('refuses an unknown path as NOT_FOUND and a known one with another method as METHOD_NOT_ALLOWED', async () => {
    // Act
    const unknown = await proxy(eventOf('GET', '/nope')).catch((thrown: unknown) => thrown);
    const wrongMethod = await proxy(eventOf('POST', '/health')).catch((thrown: unknown) => thrown);

    // Assess
    expect(isReelError(unknown) && unknown.code).toBe('NOT_FOUND');
    expect(isReelError(wrongMethod) && wrongMethod.code).toBe('METHOD_NOT_ALLOWED');
    expect(isReelError(wrongMethod) && wrongMethod.details['allowedMethods']).toEqual(['GET']);
  });
});

describe('Function: toStructuredResult', () => {
  it('reads an answer without statusCode as a 200 JSON body, as payload format 2.0 does', () => {
    expect(toStructuredResult({ ok: true })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    });
    expect(toStructuredResult(null).body).toBe('null');
  });

  it('keeps a structured result as it is', () => {
    const result = { statusCode: 204, headers: { etag: '"1"' } };
    expect(toStructuredResult(result)).toBe(result);
  });
});
