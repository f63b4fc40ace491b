import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError, toProblemResponse } from '@reel/error-taxonomy';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpLambdaContext } from './create-http-handler';

/** Lambda's synchronous payload limit: a larger request never reaches a function on AWS either. */
export const MAX_EVENT_BODY_BYTES = 6 * 1024 * 1024;

/** A handler of API Gateway v2 events: an app's `handler`, or a bundle's, imported. */
export type ApiGatewayV2Handler = (
  event: APIGatewayProxyEventV2,
  context: HttpLambdaContext,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiGatewayBridgeOptions {
  handler: ApiGatewayV2Handler;
  /** The Lambda timeout the handler is given as remaining time. Default 30 000 (the API preset). */
  timeoutMs?: number;
  /** Larger bodies are answered 413 before the handler runs. Default {@link MAX_EVENT_BODY_BYTES}. */
  maxBodyBytes?: number;
}

/**
 * A `node:http` listener that turns each request into the API Gateway HTTP API event (payload 2.0,
 * `$default` route, no authorizer: the frame verifies the key itself) an app's handler gets on
 * AWS, and writes its result back: status, headers, cookies, body (base64 decoded). For local
 * serving and tests over a real socket; `reel serve` mounts it per API.
 *
 * @example
 * const server = createServer(createApiGatewayBridge({ handler }));
 * server.listen(0, '127.0.0.1');
 */
export function createApiGatewayBridge({
  handler,
  timeoutMs = 30_000,
  maxBodyBytes = MAX_EVENT_BODY_BYTES,
}: ApiGatewayBridgeOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const requestId = randomUUID();
    let result: APIGatewayProxyStructuredResultV2;
    try {
      const body = await readBody(request, maxBodyBytes);
      const event = toApiGatewayV2Event({ request, body, requestId });
      const deadline = Date.now() + timeoutMs;
      result = await handler(event, {
        awsRequestId: requestId,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      });
    } catch (error) {
      const problem = toProblemResponse(error, { instance: request.url?.split('?')[0] });
      result = {
        statusCode: problem.status,
        headers: problem.headers,
        body: JSON.stringify(problem.body),
      };
    }
    writeResult(response, result);
  };
}

/**
 * The API Gateway v2 event of a request whose body has been read: raw path and query as sent,
 * decoded `queryStringParameters` (repeated names joined with commas, as API Gateway does),
 * lower-cased headers (repeated ones joined with commas), cookies apart, a text body as is and
 * any other base64 with `isBase64Encoded`.
 */
export function toApiGatewayV2Event({
  request,
  body,
  requestId = randomUUID(),
  now = new Date(),
}: {
  request: IncomingMessage;
  body: Buffer;
  requestId?: string;
  now?: Date;
}): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = (request.url ?? '/').split(/\?(.*)/s);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie?.split(/;\s*/).filter((cookie) => cookie !== '');
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const method = request.method ?? 'GET';
  const textBody = body.length === 0 || isText(headers['content-type']);
  const host = headers['host'] ?? 'localhost';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies === undefined || cookies.length === 0 ? {} : { cookies }),
    headers,
    ...(Object.keys(query).length === 0 ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length === 0
      ? {}
      : { body: textBody ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: !textBody,
  };
}

async function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function bodyTooLarge(maxBodyBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is over ${maxBodyBytes} bytes`, {
    advice: 'Send large files to an upload URL instead of in the request body.',
  });
}

function isText(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('text/') || /[/+](json|xml)$/.test(type) || type.endsWith('urlencoded');
}

function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body =
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded === true ? 'base64' : 'utf8');
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    response.setHeader(name, String(value));
  }
  if (result.cookies !== undefined && result.cookies.length > 0) {
    response.setHeader('set-cookie', result.cookies);
  }
  if (body !== undefined) response.setHeader('content-length', body.length);
  response.writeHead(result.statusCode ?? 200);
  response.end(body);
}
