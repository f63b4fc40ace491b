import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const workspaceRoot = resolve(import.meta.dirname, '../..');
const boundaryRule = '@nx/enforce-module-boundaries';

/** Lints `code` as if it were a file at `filePath` (nothing is written) and returns the boundary errors. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: workspaceRoot });
  const [result] = await eslint.lintText(code, { filePath: resolve(workspaceRoot, filePath) });
  return (result?.messages ?? [])
    .filter(({ ruleId, severity }) => ruleId === boundaryRule && severity === 2)
    .map(({ message }) => message);
}

describe('Lint rule: lib layers (eslint.config.mjs)', () => {
  it('fails a media lib that imports a state lib', async () => {
    // Act
    const errors = await boundaryErrors(
      'libs/ffmpeg-runtime/src/boundary-probe.ts',
      "import { createJobManifest } from '@reel/manifest';\nexport const create = createJobManifest;\n",
    );

    // Assess
    expect(errors).toEqual([
      expect.stringContaining(
        '"layer:media" can only depend on libs tagged with "layer:core", "layer:media"',
      ),
    ]);
  });

  it('fails a state lib that imports a media lib', async () => {
    const errors = await boundaryErrors(
      'libs/storage/src/boundary-probe.ts',
      "import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';\nexport const create = createFfmpegRuntime;\n",
    );

    expect(errors).toEqual([expect.stringContaining('"layer:state"')]);
  });

  it('fails a core lib that imports a state lib', async () => {
    const errors = await boundaryErrors(
      'libs/service-presets/src/boundary-probe.ts',
      "import { createJobManifest } from '@reel/manifest';\nexport const create = createJobManifest;\n",
    );

    expect(errors).toEqual([
      expect.stringContaining('"layer:core" can only depend on libs tagged with "layer:core"'),
    ]);
  });

  it('passes a media lib that imports the shared probe schema from a core lib', async () => {
    const errors = await boundaryErrors(
      'libs/ffmpeg-runtime/src/boundary-probe.ts',
      "import { probeSummarySchema } from '@reel/media-types';\nexport const schema = probeSummarySchema;\n",
    );

    expect(errors).toEqual([]);
  });

  it('passes a service lib that imports from every layer below it', async () => {
    const errors = await boundaryErrors(
      'libs/lambda-kit/src/boundary-probe.ts',
      [
        "import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';",
        "import { createJobManifest } from '@reel/manifest';",
        "import { getServicePreset } from '@reel/service-presets';",
        'export const used = [createFfmpegRuntime, createJobManifest, getServicePreset];',
        '',
      ].join('\n'),
    );

    expect(errors).toEqual([]);
  });
});
