import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardrailExceededError, InputMissingError } from '@reel/error-taxonomy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBrandingFile } from './copy-branding-file';

describe('copyBrandingFile', () => {
  let workDir: string;
  const scratch = () => mkdtemp(join(workDir, 'scratch-'));

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-copy-branding-'));
    await mkdir(join(workDir, 'in'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('copies the bytes once with their hash; later changes to the original do not reach the copy', async () => {
    // Prepare
    const original = join(workDir, 'in', 'logo.PNG');
    const bytes = Buffer.from('first version of the logo');
    await writeFile(original, bytes);

    // Act
    const copy = await copyBrandingFile({
      path: original,
      label: 'logo.PNG',
      kind: 'watermark',
      dir: await scratch(),
      maxBytes: 1024,
    });
    await writeFile(original, 'swapped after the copy');

    // Assess
    expect(copy.path).toMatch(/\/watermark\.png$/);
    expect(await readFile(copy.path)).toEqual(bytes);
    expect(copy).toMatchObject({
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('refuses a file over maxBytes before reading it, and a missing one', async () => {
    // Prepare
    const big = join(workDir, 'in', 'big.mp4');
    await writeFile(big, Buffer.alloc(2048));
    const dir = await scratch();

    // Act: each refusal is awaited before the next starts (no rejection left unhandled meanwhile).
    const tooBig = await copyBrandingFile({
      path: big,
      label: 'big.mp4',
      kind: 'intro',
      dir,
      maxBytes: 1024,
    }).catch((error: unknown) => error);
    const missing = await copyBrandingFile({
      path: join(workDir, 'in', 'nope.png'),
      label: 'nope.png',
      kind: 'watermark',
      dir,
      maxBytes: 1024,
    }).catch((error: unknown) => error);

    // Assess
    expect(tooBig).toBeInstanceOf(GuardrailExceededError);
    expect(String(tooBig)).toContain('intro file big.mp4 is 2048 bytes, over the 1024 allowed');
    expect(missing).toBeInstanceOf(InputMissingError);
  });
});
