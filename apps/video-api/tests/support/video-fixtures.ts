import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createApiKeysFromConfig } from '@reel/api-keys';
import { defaultUploadPath, type ReelConfig } from '@reel/config';
import { createLocalObjectHandler } from '@reel/storage';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The upload bucket the AWS tests create on the environment's s3rver. */
export const TEST_UPLOAD_BUCKET = 'reel-test-uploads';

export async function createTenantKey(config: ReelConfig, tenantId: string) {
  const apiKeys = createApiKeysFromConfig(config);
  const created = await apiKeys.createApiKey({ tenantId, name: 'test' });
  return { ...created, revoke: () => apiKeys.revokeApiKey({ tenantId, keyId: created.keyId }) };
}

/**
 * The config the video API runs with in a test: on AWS the environment's s3rver with a second
 * bucket as the upload area; locally the environment's folders with both areas served (signed
 * URLs, PUT enforced) by a node:http server on a random loopback port, as `reel serve` mounts them.
 */
export async function videoApiTestConfig(
  config: ReelConfig,
): Promise<{ config: ReelConfig; close: () => Promise<void> }> {
  if (config.backend === 'aws') {
    const client = new S3Client({
      region: config.region,
      ...(config.s3Endpoint === undefined ? {} : { endpoint: config.s3Endpoint }),
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new CreateBucketCommand({ Bucket: TEST_UPLOAD_BUCKET }));
    client.destroy();
    // The bucket goes with the environment's s3rver: nothing of its own to close.
    return {
      config: { ...config, uploadBucket: TEST_UPLOAD_BUCKET },
      close: () => Promise.resolve(),
    };
  }
  const uploadPath = config.uploadPath ?? defaultUploadPath(config.mediaStoragePath);
  const media = createLocalObjectHandler({ rootDir: config.mediaStoragePath, basePath: '/media' });
  const uploads = createLocalObjectHandler({ rootDir: uploadPath, basePath: '/uploads' });
  const server: Server = createServer((request, response) => {
    void (request.url?.startsWith('/uploads/') ? uploads : media)(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    config: {
      ...config,
      uploadPath,
      publicBaseUrl: `${baseUrl}/media`,
      uploadPublicBaseUrl: `${baseUrl}/uploads`,
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** An API Gateway HTTP API (payload 2.0) event for `method rawPath?query` with a JSON body. */
export function apiEvent({
  method = 'GET',
  path,
  query = {},
  headers = {},
  body,
}: {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: {
      host: 'api.test',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(rawQueryString === '' ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

export const lambdaContext = {
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 30_000,
};
