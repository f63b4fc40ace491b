import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import { UsageError } from './usage-error';

/**
 * A render-options argument (`--options` of `reel render`, `--render-options` of `reel run`): JSON
 * text, or `@FILE` to read it from a file. It is checked on its own with `renderOptionsSchema`, so
 * a typo or an out-of-range value is a usage error before anything runs (the render engine checks
 * it again over the tenant's defaults).
 *
 * @example
 * await parseRenderOptionsArg('--options', '{"subtitles":{"mode":"burn"}}');
 */
export async function parseRenderOptionsArg(
  flag: string,
  value: string,
): Promise<RenderOptionsInput> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(resolve(value.slice(1)), 'utf8');
    } catch (error) {
      throw new UsageError(`${flag}: cannot read ${value.slice(1)}.`, { cause: error });
    }
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = renderOptionsSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      ({ path, message }) => `${path.length > 0 ? path.join('.') : '(options)'}: ${message}`,
    );
    throw new UsageError(`${flag}: invalid render options: ${problems.join('; ')}`, {
      advice: 'See the RenderOptions fields and ranges in apps/video-render-engine/README.md.',
    });
  }
  return document as RenderOptionsInput;
}
