import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTranscodeOptionsArg } from './transcode-options-arg';
import { UsageError } from './usage-error';

describe('parseTranscodeOptionsArg', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-transcode-options-arg-'));
    await writeFile(join(workDir, 'ladder.json'), '{"rungs":[720,360],"loudnessTarget":"podcast"}');
    await writeFile(join(workDir, 'huge.json'), `{"rungs":[240]${' '.repeat(64 * 1024)}}`);
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('returns the partial document as given, without filling in defaults', async () => {
    await expect(
      parseTranscodeOptionsArg('--transcode-options', '{"rungs":[240],"segmentDurationSec":2}'),
    ).resolves.toEqual({ rungs: [240], segmentDurationSec: 2 });
    await expect(
      parseTranscodeOptionsArg('--transcode-options', `@${join(workDir, 'ladder.json')}`),
    ).resolves.toEqual({ rungs: [720, 360], loudnessTarget: 'podcast' });
  });

  it.each([
    ['a segment duration of 0', '{"segmentDurationSec":0}', /segmentDurationSec: .*>=1/],
    ['a segment duration of 3600', '{"segmentDurationSec":3600}', /segmentDurationSec: .*<=30/],
    ['an unknown key', '{"segmentSec":2}', /\(options\): Unrecognized key: "segmentSec"/],
    ['rungs not tallest first', '{"rungs":[240,480]}', /rungs: rungs must be distinct heights/],
    ['text that is not JSON', '{rungs:[240]}', /--transcode-options is not JSON/],
  ])('refuses %s as a usage error naming the field', async (_case, value, message) => {
    // Act
    const parsing = parseTranscodeOptionsArg('--transcode-options', value);

    // Assess
    await expect(parsing).rejects.toBeInstanceOf(UsageError);
    await expect(parsing).rejects.toThrow(message);
  });

  it('refuses an options file over 64 KiB, naming it a transcode-options file', async () => {
    await expect(
      parseTranscodeOptionsArg('--transcode-options', `@${join(workDir, 'huge.json')}`),
    ).rejects.toThrow(/over the 65536 a transcode-options file may have/);
  });
});
