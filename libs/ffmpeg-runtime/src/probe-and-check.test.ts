import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CorruptInputError,
  GuardrailExceededError,
  InputMissingError,
  UnsupportedMediaError,
  type ReelError,
} from '@reel/error-taxonomy';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { resolveGuardrails } from './guardrails';
import { probeAndCheck } from './probe-and-check';

async function failureOf(work: Promise<unknown>): Promise<ReelError> {
  try {
    await work;
  } catch (error) {
    return error as ReelError;
  }
  throw new Error('expected the check to fail');
}

describe('Function: probeAndCheck', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let clip: string;
  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
    clip = await makeClip(join(dir, 'clip.mp4'), { durationSec: 2 });
  });
  afterEach(async () => remove());

  it('returns the summary of an input within the guardrails', async () => {
    // Act
    const summary = await probeAndCheck({ input: clip });

    // Assess
    expect(summary.streams.map(({ type }) => type)).toEqual(['video', 'audio']);
  });

  it('reports a missing input as InputMissingError', async () => {
    // Act & Assess
    expect(await failureOf(probeAndCheck({ input: join(dir, 'nope.mp4') }))).toBeInstanceOf(
      InputMissingError,
    );
  });

  it('refuses a directory as not a regular file', async () => {
    // Prepare
    const input = join(dir, 'folder.mp4');
    await mkdir(input);

    // Act & Assess
    expect(await failureOf(probeAndCheck({ input }))).toBeInstanceOf(UnsupportedMediaError);
  });

  it('refuses a symlink when no directories are allowed', async () => {
    // Prepare
    const input = join(dir, 'link.mp4');
    await symlink(clip, input);

    // Act & Assess
    expect(await failureOf(probeAndCheck({ input }))).toBeInstanceOf(UnsupportedMediaError);
  });

  it('follows a symlink that resolves inside an allowed directory', async () => {
    // Prepare
    const input = join(dir, 'link.mp4');
    await symlink(clip, input);

    // Act
    const summary = await probeAndCheck({ input, allowedDirs: [dir] });

    // Assess
    expect(summary.durationSec).toBeCloseTo(2, 1);
  });

  it('refuses a symlink that resolves outside the allowed directories', async () => {
    // Prepare
    const jobDir = join(dir, 'job');
    await mkdir(jobDir);
    const input = join(jobDir, 'input.mp4');
    await symlink('/etc/passwd', input);

    // Act
    const error = await failureOf(probeAndCheck({ input, allowedDirs: [jobDir] }));

    // Assess
    expect(error).toBeInstanceOf(UnsupportedMediaError);
    expect(error.message).toContain('outside the allowed directories');
  });

  it('refuses empty and oversized files before running ffprobe', async () => {
    // Prepare: ffprobe does not exist, so reaching it would be RuntimeMissingError.
    const empty = join(dir, 'empty.mp4');
    await writeFile(empty, '');
    const ffprobePath = '/nonexistent/ffprobe';

    // Act
    const fromEmpty = await failureOf(probeAndCheck({ input: empty, ffprobePath }));
    const fromLarge = await failureOf(
      probeAndCheck({
        input: clip,
        ffprobePath,
        guardrails: resolveGuardrails({ maxBytes: 1000 }),
      }),
    );

    // Assess
    expect(fromEmpty).toBeInstanceOf(CorruptInputError);
    expect(fromLarge).toBeInstanceOf(GuardrailExceededError);
    expect(fromLarge.details).toMatchObject({ guardrail: 'maxBytes', limit: 1000 });
  });

  it('applies a tenant’s duration and resolution limits to the probe', async () => {
    // Act
    const tooLong = await failureOf(
      probeAndCheck({ input: clip, guardrails: resolveGuardrails({ maxDurationSec: 1 }) }),
    );
    const tooLarge = await failureOf(
      probeAndCheck({ input: clip, guardrails: resolveGuardrails({ maxPixels: 100 }) }),
    );

    // Assess
    expect(tooLong).toBeInstanceOf(GuardrailExceededError);
    expect(tooLong.details).toMatchObject({ guardrail: 'maxDurationSec', limit: 1 });
    expect(tooLarge.details).toMatchObject({
      guardrail: 'maxPixels',
      actual: 160 * 120,
      limit: 100,
    });
  });

  it('refuses containers and codecs a tenant does not allow', async () => {
    // Act
    const container = await failureOf(
      probeAndCheck({ input: clip, guardrails: resolveGuardrails({ allowedContainers: ['wav'] }) }),
    );
    const codec = await failureOf(
      probeAndCheck({
        input: clip,
        guardrails: resolveGuardrails({ allowedAudioCodecs: ['opus'] }),
      }),
    );

    // Assess
    expect(container).toBeInstanceOf(UnsupportedMediaError);
    expect(codec).toBeInstanceOf(UnsupportedMediaError);
    expect(codec.details).toMatchObject({ guardrail: 'allowedAudioCodecs', actual: 'aac' });
  });
});
