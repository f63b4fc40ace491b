import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenApiDocument } from '@reel/http-api';
import { describe, expect, it } from 'vitest';
import { audioClipsRoutes } from './audio-clips-routes';

const documentPath = join(import.meta.dirname, '..', 'openapi.json');

describe('Document: openapi.json', () => {
  it('is the document the routes’ schemas give (REEL_UPDATE_OPENAPI=1 rewrites it)', async () => {
    // Prepare
    const generated = buildOpenApiDocument({
      title: 'reel audio clips API',
      version: '1.0.0',
      description:
        'Millisecond-accurate MP3 clips of a tenant’s episodes, cut once and served from a cache.',
      routes: audioClipsRoutes,
    });
    if (process.env['REEL_UPDATE_OPENAPI'] === '1') {
      await writeFile(documentPath, `${JSON.stringify(generated, null, 2)}\n`);
    }

    // Act
    const checkedIn: unknown = JSON.parse(await readFile(documentPath, 'utf8'));

    // Assess
    expect(checkedIn, 'openapi.json is stale: run with REEL_UPDATE_OPENAPI=1').toEqual(generated);
  });

  it('describes the clip route’s parameters, its answer and its problems', async () => {
    // Act
    const document = JSON.parse(await readFile(documentPath, 'utf8'));
    const operation = document.paths['/api/v1/audio_clips/{episode_id}'].get;

    // Assess
    expect(document.openapi).toBe('3.1.0');
    expect(
      operation.parameters.map(({ name, in: where, required }: Record<string, unknown>) => [
        name,
        where,
        required,
      ]),
    ).toEqual([
      ['episode_id', 'path', true],
      ['start_time_ms', 'query', true],
      ['duration_ms', 'query', true],
    ]);
    expect(Object.keys(operation.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '404',
      '405',
      '429',
      '500',
    ]);
    expect(operation.responses['200'].content['application/json'].schema.required.sort()).toEqual([
      'cache_hit',
      'clip_url',
      'generation_time_ms',
    ]);
    expect(operation.security).toEqual([{ apiKey: [] }]);
  });
});
