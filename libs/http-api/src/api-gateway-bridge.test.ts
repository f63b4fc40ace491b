import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiGatewayBridge } from './api-gateway-bridge';

describe('Function: createApiGatewayBridge', () => {
  let server: Server;
  let baseUrl: string;
  const events: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    const bridge = createApiGatewayBridge({
      maxBodyBytes: 1024,
      handler: async (event, context) => {
        events.push(event);
        return {
          statusCode: 207,
          headers: {
            'content-type': 'application/octet-stream',
            'x-remaining': String(context.getRemainingTimeInMillis() > 0),
          },
          cookies: ['a=1', 'b=2'],
          body: Buffer.from([0, 1, 2, 255]).toString('base64'),
          isBase64Encoded: true,
        };
      },
    });
    server = createServer((request, response) => void bridge(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('turns a request into an API Gateway v2 event and writes the result back', async () => {
    // Act
    const response = await fetch(`${baseUrl}/a/b%2Fc?x=1&x=2&y=%20z`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'k=v; m=n', 'x-custom': 'yes' },
      body: '{"a":1}',
    });

    // Assess
    expect(response.status).toBe(207);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-remaining')).toBe('true');
    const event = events.at(-1);
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/a/b%2Fc',
      rawQueryString: 'x=1&x=2&y=%20z',
      queryStringParameters: { x: '1,2', y: ' z' },
      cookies: ['k=v', 'm=n'],
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/a/b%2Fc' } },
    });
    expect(event?.headers['x-custom']).toBe('yes');
    expect(event?.requestContext).not.toHaveProperty('authorizer');
  });

  it('sends a binary body base64-encoded', async () => {
    // Act
    await fetch(`${baseUrl}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0xff, 0x00]),
    });

    // Assess
    expect(events.at(-1)).toMatchObject({ body: '/wA=', isBase64Encoded: true });
  });

  it('answers 413 problem+json for a body over the limit without calling the handler', async () => {
    // Prepare
    const before = events.length;

    // Act: a chunked body, so only the bytes themselves can tell it is too large.
    const { status, contentType } = await new Promise<{ status?: number; contentType?: string }>(
      (resolve, reject) => {
        const request = httpRequest(`${baseUrl}/big`, { method: 'POST' }, (response) => {
          response.resume();
          resolve({ status: response.statusCode, contentType: response.headers['content-type'] });
        });
        request.on('error', reject);
        request.write(Buffer.alloc(2048));
        request.end();
      },
    );

    // Assess
    expect(status).toBe(413);
    expect(contentType).toBe('application/problem+json');
    expect(events.length).toBe(before);
  });
});
