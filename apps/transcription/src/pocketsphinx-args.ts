import { isAbsolute } from 'node:path';
import type { PocketsphinxModel } from './pocketsphinx-model';

/**
 * argv of `pocketsphinx_continuous` that recognises one 16 kHz mono WAV and prints each
 * utterance's hypothesis followed by one `word start end confidence` line per word
 * (`-time yes`). Paths must be absolute, so none can be read as an option. Pure.
 *
 * @example
 * await runtime.runTool({ tool: 'pocketsphinx_continuous', binaryPath, args: buildPocketsphinxArgs({ wavPath, model }), … });
 */
export function buildPocketsphinxArgs({
  wavPath,
  model,
}: {
  wavPath: string;
  model: PocketsphinxModel;
}): string[] {
  const paths = {
    wavPath,
    acousticModelDir: model.acousticModelDir,
    languageModelPath: model.languageModelPath,
    dictionaryPath: model.dictionaryPath,
  };
  for (const [role, path] of Object.entries(paths)) {
    if (!isAbsolute(path) || path.includes('\0')) {
      throw new TypeError(`${role} must be an absolute path, got ${JSON.stringify(path)}`);
    }
  }
  return [
    ['-infile', wavPath],
    ['-time', 'yes'],
    ['-hmm', model.acousticModelDir],
    ['-lm', model.languageModelPath],
    ['-dict', model.dictionaryPath],
  ].flat();
}
