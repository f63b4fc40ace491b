import { lstat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import { UsageError } from './usage-error';

/** An options file is a small JSON document; anything larger is not one. */
export const RENDER_OPTIONS_FILE_MAX_BYTES = 64 * 1024;

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
  const document = await readOptionsArgDocument(flag, value, 'render-options');
  const parsed = renderOptionsSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      ({ path, message }) => `${path.length > 0 ? path.join('.') : '(options)'}: ${message}`,
    );
    throw new UsageError(`${flag}: invalid render options: ${problems.join('; ')}`, {
      advice:
        'Every field, default and range: libs/media-types/src/generated/render-options.schema.json (table in apps/video-render-engine/README.md).',
    });
  }
  return document as RenderOptionsInput;
}

/**
 * The JSON document of an options argument (JSON text, or `@FILE`), not yet checked against a
 * schema; `kind` names the document in errors ('render-options', 'transcode-options').
 */
export async function readOptionsArgDocument(
  flag: string,
  value: string,
  kind: string,
): Promise<unknown> {
  const text = value.startsWith('@') ? await readOptionsFile(flag, value.slice(1), kind) : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads `@FILE`: a regular file (not a FIFO, device, directory or link) of at most 64 KiB. */
async function readOptionsFile(flag: string, file: string, kind: string): Promise<string> {
  const path = resolve(file);
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}.`, { cause: error });
  }
  if (!stats.isFile()) {
    throw new UsageError(`${flag}: @${file} is not a regular file.`, {
      advice:
        'Give a JSON file (not a directory, pipe, device or symbolic link), or the JSON text itself.',
    });
  }
  if (stats.size > RENDER_OPTIONS_FILE_MAX_BYTES) {
    throw new UsageError(
      `${flag}: @${file} is ${stats.size} bytes, over the ${RENDER_OPTIONS_FILE_MAX_BYTES} a ${kind} file may have.`,
    );
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}.`, { cause: error });
  }
}
