import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildOpenApiDocument } from './build-openapi-document';
import { defineRoute, type HttpRoute } from './http-route';

// The document is plain JSON read here by path; its shape is what the assertions check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpenApiDocument = any;

const stepSchema = z.object({ name: z.string(), status: z.enum(['pending', 'done']) });
const videoSchema = z.object({ id: z.string(), steps: z.array(stepSchema) });
const pageSchema = z.object({ items: z.array(videoSchema), nextCursor: z.string().optional() });
const createSchema = z.object({ title: z.string(), autoProcess: z.boolean().default(false) });

const route = defineRoute<object>();
const routes = [
  route({
    method: 'GET',
    path: '/videos/{id}',
    operationId: 'getVideo',
    summary: 'One video',
    auth: 'api-key',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: { description: 'The video', schema: videoSchema } },
    handle: async () => ({ status: 200 }),
  }),
  route({
    method: 'GET',
    path: '/videos',
    operationId: 'listVideos',
    summary: 'A page of videos',
    auth: 'api-key',
    request: {},
    responses: { 200: { description: 'One page', schema: pageSchema } },
    handle: async () => ({ status: 200 }),
  }),
  route({
    method: 'POST',
    path: '/videos',
    operationId: 'createVideo',
    summary: 'Create',
    auth: 'none',
    request: { body: createSchema },
    responses: { 201: { description: 'Created', schema: createSchema } },
    handle: async () => ({ status: 201 }),
  }),
  route({
    method: 'GET',
    path: '/videos/{id}/stream/master.m3u8',
    operationId: 'getPlaylist',
    summary: 'A text answer',
    auth: 'api-key',
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: {
        description: 'The playlist',
        contentType: 'application/vnd.apple.mpegurl',
        schema: z.string(),
      },
    },
    handle: async () => ({
      status: 200,
      text: '#EXTM3U',
      contentType: 'application/vnd.apple.mpegurl',
    }),
  }),
  route({
    method: 'POST',
    path: '/videos/{id}/process',
    operationId: 'processVideo',
    summary: 'A body that may be left out',
    auth: 'api-key',
    request: {
      params: z.object({ id: z.string() }),
      body: z.object({ options: z.record(z.string(), z.unknown()).optional() }).default({}),
    },
    responses: { 202: { description: 'Queued' } },
    handle: async () => ({ status: 202 }),
  }),
] as unknown as ReadonlyArray<HttpRoute<never>>;

describe('Function: buildOpenApiDocument', () => {
  it('writes a named schema once under components and references it at the top and nested', () => {
    // Act
    const document = buildOpenApiDocument({
      title: 't',
      version: '1',
      routes,
      namedSchemas: { Video: videoSchema },
    }) as OpenApiDocument;

    // Assess
    const getSchema =
      document.paths['/videos/{id}'].get.responses['200'].content['application/json'].schema;
    expect(getSchema).toEqual({ $ref: '#/components/schemas/Video' });
    const listSchema =
      document.paths['/videos'].get.responses['200'].content['application/json'].schema;
    expect(listSchema.properties.items.items).toEqual({ $ref: '#/components/schemas/Video' });
    expect(document.components.schemas.Video.properties.steps.items.properties.status.enum).toEqual(
      ['pending', 'done'],
    );
    expect(JSON.stringify(document)).not.toContain('$defs');
  });

  it('names the input form of a named schema apart when it differs from the output form', () => {
    // Act
    const document = buildOpenApiDocument({
      title: 't',
      version: '1',
      routes,
      namedSchemas: { CreateVideo: createSchema },
    }) as OpenApiDocument;

    // Assess
    const create = document.paths['/videos'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateVideoInput',
    });
    expect(create.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateVideo',
    });
    expect(document.components.schemas.CreateVideo.required).toContain('autoProcess');
    expect(document.components.schemas.CreateVideoInput.required).not.toContain('autoProcess');
  });

  it('inlines every schema when none is named, with the shared Problem answer', () => {
    // Act
    const document = buildOpenApiDocument({ title: 't', version: '1', routes }) as OpenApiDocument;

    // Assess
    expect(Object.keys(document.components.schemas)).toEqual(['Problem']);
    const getSchema =
      document.paths['/videos/{id}'].get.responses['200'].content['application/json'].schema;
    expect(getSchema.properties.id).toEqual({ type: 'string' });
    expect(document.paths['/videos/{id}'].get.responses['401'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
  });

  it('requires a request body only when its schema does not take a missing one', () => {
    // Act
    const document = buildOpenApiDocument({ title: 't', version: '1', routes }) as OpenApiDocument;

    // Assess
    expect(document.paths['/videos'].post.requestBody.required).toBe(true);
    expect(document.paths['/videos/{id}/process'].post.requestBody.required).toBe(false);
    expect(
      document.paths['/videos/{id}/process'].post.requestBody.content['application/json'].schema
        .properties.options,
    ).toBeDefined();
  });

  it('describes a text answer under its own media type instead of application/json', () => {
    // Act
    const document = buildOpenApiDocument({ title: 't', version: '1', routes }) as OpenApiDocument;

    // Assess
    expect(document.paths['/videos/{id}/stream/master.m3u8'].get.responses['200']).toEqual({
      description: 'The playlist',
      content: { 'application/vnd.apple.mpegurl': { schema: { type: 'string' } } },
    });
  });
});
