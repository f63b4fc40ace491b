import { errorCatalog } from '@reel/error-taxonomy';
import * as z from 'zod';
import type { HttpRoute } from './http-route';

export interface BuildOpenApiDocumentOptions {
  title: string;
  version: string;
  description?: string;
  routes: ReadonlyArray<HttpRoute<never>>;
  /**
   * Schemas written once under `components.schemas` and referenced (`$ref`) wherever a route's
   * request or answer uses them, at the top or nested: a video answered by six routes is one
   * schema, not six copies (the document is embedded in the Lambda bundle).
   */
  namedSchemas?: Readonly<Record<string, z.ZodType>>;
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
  namedSchemas = {},
}: BuildOpenApiDocumentOptions): Record<string, unknown> {
  const registry = createNamedSchemaRegistry(namedSchemas);
  const components: Record<string, unknown> = {
    Problem: toJsonSchema(problemSchema, 'output', registry, {}),
  };
  const convert: SchemaConverter = (schema, io) => toJsonSchema(schema, io, registry, components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    operations[route.method.toLowerCase()] = toOperation(route, convert);
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
      schemas: Object.fromEntries(
        Object.entries(components).sort(([a], [b]) => a.localeCompare(b)),
      ),
    },
  };
}

type NamedSchemaRegistry = z.core.$ZodRegistry<z.core.GlobalMeta>;

/**
 * A registry of the names given here on top of what the schemas say of themselves
 * (`.describe()`, `.meta()`: zod's global registry), which a registry passed to `z.toJSONSchema`
 * would otherwise replace. Made when a document is built: a class declared at the top of the
 * module would keep zod's whole `core` namespace (with its 64 locales, ~190 KB) in every app
 * bundle that imports this lib.
 */
function createNamedSchemaRegistry(
  namedSchemas: Readonly<Record<string, z.ZodType>>,
): NamedSchemaRegistry {
  class MergedRegistry extends z.core.$ZodRegistry<z.core.GlobalMeta> {
    override get(schema: z.core.$ZodType): z.core.GlobalMeta | undefined {
      const own = super.get(schema);
      const global = z.globalRegistry.get(schema);
      return own === undefined && global === undefined ? undefined : { ...global, ...own };
    }
  }
  const registry = new MergedRegistry();
  for (const [name, schema] of Object.entries(namedSchemas)) registry.add(schema, { id: name });
  return registry;
}

type SchemaConverter = (schema: z.ZodType, io: 'input' | 'output') => Record<string, unknown>;

function toOperation(route: HttpRoute<never>, convert: SchemaConverter): Record<string, unknown> {
  const parameters = [
    ...toParameters(route.request.params, 'path', convert),
    ...toParameters(route.request.query, 'query', convert),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, { description, schema, contentType }] of Object.entries(route.responses)) {
    const mediaType = contentType ?? 'application/json';
    responses[status] = {
      description,
      ...(schema === undefined && contentType === undefined
        ? {}
        : {
            content: {
              [mediaType]: schema === undefined ? {} : { schema: convert(schema, 'output') },
            },
          }),
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
            // A schema that takes no body (optional, or defaulted) documents it as optional.
            required: !route.request.body.safeParse(undefined).success,
            content: { 'application/json': { schema: convert(route.request.body, 'input') } },
          },
        }),
    responses,
  };
}

function toParameters(
  schema: z.ZodObject | undefined,
  location: 'path' | 'query',
  convert: SchemaConverter,
) {
  if (schema === undefined) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.safeParse(undefined).success,
      ...(fieldSchema.description === undefined ? {} : { description: fieldSchema.description }),
      schema: convert(fieldSchema, 'input'),
    };
  });
}

/**
 * One schema as JSON Schema 2020-12. Named schemas it uses come out of its `$defs` into
 * `components` (input and output forms differ when a field has a default, so the input form of a
 * named schema is named `{name}Input` when it is not the same), and their references follow.
 */
function toJsonSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  registry: NamedSchemaRegistry,
  components: Record<string, unknown>,
): Record<string, unknown> {
  const jsonSchema: Record<string, unknown> = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    metadata: registry,
  });
  // The document's dialect (OpenAPI 3.1 = 2020-12) holds for every embedded schema.
  delete jsonSchema['$schema'];
  const definitions = (jsonSchema['$defs'] ?? {}) as Record<string, Record<string, unknown>>;
  delete jsonSchema['$defs'];
  const renamed = new Map<string, string>();
  for (const [name, definition] of Object.entries(definitions)) {
    const componentName = pickComponentName(name, definition, components);
    renamed.set(name, componentName);
    components[componentName] = definition;
  }
  return rewriteReferences(jsonSchema, renamed) as Record<string, unknown>;
}

function pickComponentName(
  name: string,
  definition: unknown,
  components: Record<string, unknown>,
): string {
  for (const candidate of [name, `${name}Input`]) {
    const existing = components[candidate];
    if (existing === undefined || JSON.stringify(existing) === JSON.stringify(definition)) {
      return candidate;
    }
  }
  throw new Error(`Schema ${name} has more than two forms in one OpenAPI document`);
}

function rewriteReferences(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, renamed));
  if (value === null || typeof value !== 'object') return value;
  const rewritten: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
      const name = item.slice('#/$defs/'.length);
      rewritten[key] = `#/components/schemas/${renamed.get(name) ?? name}`;
    } else {
      rewritten[key] = rewriteReferences(item, renamed);
    }
  }
  return rewritten;
}

function errorDescription(status: number): string {
  const titles = Object.values(errorCatalog)
    .filter(({ httpStatus }) => httpStatus === status)
    .map(({ title }) => title);
  return titles.length === 0 ? `Error ${status}` : titles.join(' / ');
}
