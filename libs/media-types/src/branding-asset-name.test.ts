import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRANDING_ASSET_NAME_PATTERN, renderOptionsSchema } from './render-options';

const keyLayoutPath = resolve(import.meta.dirname, '../../storage/src/key-layout.ts');

describe('Constant: BRANDING_ASSET_NAME_PATTERN', () => {
  it('builds on the same segment rule as storage’s NAME_SEGMENT_PATTERN', async () => {
    // Arrange: media-types may not import storage, so read the rule from its source.
    const source = await readFile(keyLayoutPath, 'utf8');
    const storageSegment = /NAME_SEGMENT_PATTERN = \/\^(.+)\$\/;/.exec(source)?.[1];
    const maxSegments = Number(/MAX_NAME_SEGMENTS = (\d+);/.exec(source)?.[1]);

    // Assess
    expect(storageSegment).toBeDefined();
    expect(BRANDING_ASSET_NAME_PATTERN.source).toBe(
      `^${storageSegment}(?:\\/${storageSegment}){0,${maxSegments - 1}}$`,
    );
  });

  it.each(['watermark-3f2a9c.png', 'logos/2026/intro.mp4', 'a/b/c/d', 'A'.repeat(128)])(
    'accepts %s',
    (name) => {
      expect(renderOptionsSchema.safeParse({ watermark: { asset: name } }).success).toBe(true);
    },
  );

  it.each([
    '../../t2/branding/x.png',
    '/etc/passwd',
    '.hidden.png',
    '',
    'a//b',
    'a/b/c/d/e',
    'logo .png',
    'A'.repeat(129),
  ])('refuses %j as a watermark, intro or outro asset', (name) => {
    for (const kind of ['watermark', 'intro', 'outro']) {
      const result = renderOptionsSchema.safeParse({ [kind]: { asset: name } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path.join('.')).toBe(`${kind}.asset`);
    }
  });
});
