import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenApiDocument } from '@reel/http-api';
import { describe, expect, it } from 'vitest';
import { createdVideoSchema } from './create-video';
import { healthResponseSchema, VIDEO_API_VERSION } from './health';
import { videoApiRoutes } from './video-api-routes';
import { videoSchema } from './video-view';

const documentPath = join(import.meta.dirname, '..', 'openapi.json');

describe('Document: openapi.json', () => {
  it('is the document the routes’ schemas give (REEL_UPDATE_OPENAPI=1 rewrites it)', async () => {
    // Prepare
    const generated = buildOpenApiDocument({
      title: 'reel video API',
      version: VIDEO_API_VERSION,
      description:
        'Videos of a tenant: create with an upload URL (or from a file already uploaded), list by status, read with links to every output.',
      routes: videoApiRoutes,
      namedSchemas: {
        Video: videoSchema,
        CreatedVideo: createdVideoSchema,
        Health: healthResponseSchema,
      },
    });
    if (process.env['REEL_UPDATE_OPENAPI'] === '1') {
      await writeFile(documentPath, `${JSON.stringify(generated, null, 2)}\n`);
    }

    // Act
    const checkedIn: unknown = JSON.parse(await readFile(documentPath, 'utf8'));

    // Assess
    expect(checkedIn, 'openapi.json is stale: run with REEL_UPDATE_OPENAPI=1').toEqual(generated);
  });

  it('documents every route with its auth and its problem answers', async () => {
    // Act
    const document = JSON.parse(await readFile(documentPath, 'utf8'));

    // Assess
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/health'].get.security ?? []).toEqual([]);
    expect(Object.keys(document.paths['/health'].get.responses)).toContain('503');
    const create = document.paths['/videos'].post;
    expect(create.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(create.responses).sort()).toEqual(
      ['200', '201', '400', '401', '404', '405', '409', '413', '415', '500'].sort(),
    );
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['title']);
    const list = document.paths['/videos'].get;
    expect(list.parameters.map(({ name }: { name: string }) => name)).toEqual([
      'status',
      'limit',
      'cursor',
    ]);
    expect(document.paths['/videos/{id}'].get.responses['200']).toBeDefined();
  });
});
