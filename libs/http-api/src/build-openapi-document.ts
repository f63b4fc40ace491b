import { errorCatalog } from '@reel/error-taxonomy';
import * as z from 'zod';
import type { HttpRoute } from './http-route';

export interface BuildOpenApiDocumentOptions {
  title: string;
  version: string;
  description?: string;
  routes: ReadonlyArray<HttpRoute<never>>;
}

/** RFC 9457 problem details as reel writes them (`toProblemDetails`). */
const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.enum(Object.values(errorCatalog).map(({ code }) => code) as [string, ...string[]]),
  detail: z.string(),
  advice: z.string().optional(),
  retryable: z.boolean(),
  instance: z.string().optional(),
  retryAfterSec: z.int().optional(),
});

/** Statuses every route may answer with a problem. */
const frameErrorStatuses = [400, 404, 405, 500] as const;

/**
 * The OpenAPI 3.1 document of an API, built from its routes' zod schemas with `z.toJSONSchema`
 * (JSON Schema 2020-12, OpenAPI 3.1's dialect): path and query parameters, the JSON body,
 * success answers, and problem+json for every error status (the frame's own: 400, 404, 405, 500;
 * 401 on key-protected routes; and each route's `errorStatuses`). Used at build and test time: an
 * app checks the document in and serves that file, so the Lambda never runs this.
 *
 * @example
 * const document = buildOpenApiDocument({ title: 'reel audio clips', version: '1.0.0', routes });
 */
export function buildOpenApiDocument({
  title,
  version,
  description,
  routes,
}: BuildOpenApiDocumentOptions): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    operations[route.method.toLowerCase()] = toOperation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title, version, ...(description === undefined ? {} : { description }) },
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A tenant API key: `npx reel keys create --tenant <id>`.',
        },
      },
      schemas: { Problem: toJsonSchema(problemSchema, 'output') },
    },
  };
}

function toOperation(route: HttpRoute<never>): Record<string, unknown> {
  const parameters = [
    ...toParameters(route.request.params, 'path'),
    ...toParameters(route.request.query, 'query'),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, { description, schema }] of Object.entries(route.responses)) {
    responses[status] = {
      description,
      ...(schema === undefined
        ? {}
        : { content: { 'application/json': { schema: toJsonSchema(schema, 'output') } } }),
    };
  }
  const errorStatuses = new Set<number>([
    ...frameErrorStatuses,
    ...(route.auth === 'api-key' ? [401] : []),
    ...(route.errorStatuses ?? []),
  ]);
  for (const status of [...errorStatuses].sort((a, b) => a - b)) {
    responses[String(status)] = {
      description: errorDescription(status),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.auth === 'api-key' ? { security: [{ apiKey: [] }] } : { security: [] }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.request.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(route.request.body, 'input') } },
          },
        }),
    responses,
  };
}

function toParameters(schema: z.ZodObject | undefined, location: 'path' | 'query') {
  if (schema === undefined) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      ...(fieldSchema.description === undefined ? {} : { description: fieldSchema.description }),
      schema: toJsonSchema(fieldSchema, 'input'),
    };
  });
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const jsonSchema: Record<string, unknown> = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  // The document's dialect (OpenAPI 3.1 = 2020-12) holds for every embedded schema.
  delete jsonSchema['$schema'];
  return jsonSchema;
}

function errorDescription(status: number): string {
  const titles = Object.values(errorCatalog)
    .filter(({ httpStatus }) => httpStatus === status)
    .map(({ title }) => title);
  return titles.length === 0 ? `Error ${status}` : titles.join(' / ');
}
