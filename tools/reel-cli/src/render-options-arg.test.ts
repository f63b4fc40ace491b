import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRenderOptionsArg } from './render-options-arg';
import { UsageError } from './usage-error';

describe('parseRenderOptionsArg', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-render-options-arg-'));
    await writeFile(join(workDir, 'options.json'), '{"subtitles":{"mode":"burn"}}');
    await writeFile(join(workDir, 'huge.json'), `{"mode":"cut"${' '.repeat(64 * 1024)}}`);
    await mkdir(join(workDir, 'folder'));
    await symlink(join(workDir, 'options.json'), join(workDir, 'link.json'));
    await promisify(execFile)('mkfifo', [join(workDir, 'fifo')]);
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('reads JSON text and @FILE alike', async () => {
    await expect(parseRenderOptionsArg('--options', '{"video":{"crf":23}}')).resolves.toEqual({
      video: { crf: 23 },
    });
    await expect(
      parseRenderOptionsArg('--options', `@${join(workDir, 'options.json')}`),
    ).resolves.toEqual({ subtitles: { mode: 'burn' } });
  });

  it.each([
    ['a FIFO (reading it would wait forever)', 'fifo', /@.*fifo is not a regular file/],
    ['a directory', 'folder', /@.*folder is not a regular file/],
    ['a symbolic link', 'link.json', /@.*link\.json is not a regular file/],
    ['a file over 64 KiB', 'huge.json', /over the 65536 a render-options file may have/],
    ['a missing file', 'missing.json', /cannot read .*missing\.json/],
  ])('refuses %s as a usage error', async (_case, name, message) => {
    // Act
    const parsing = parseRenderOptionsArg('--options', `@${join(workDir, name)}`);

    // Assess
    await expect(parsing).rejects.toBeInstanceOf(UsageError);
    await expect(parsing).rejects.toThrow(message);
  });

  it('refuses a branding asset outside the storage name rule before anything runs', async () => {
    const parsing = parseRenderOptionsArg(
      '--options',
      '{"watermark":{"asset":"../../t2/branding/x.png"}}',
    );
    await expect(parsing).rejects.toBeInstanceOf(UsageError);
    await expect(parsing).rejects.toThrow(/watermark\.asset/);
    await expect(parsing).rejects.toMatchObject({
      advice: expect.stringContaining('libs/media-types/src/generated/render-options.schema.json'),
    });
  });
});
