import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeMissingError } from '@reel/error-taxonomy';

/** The three parts of a pocketsphinx model, as `-hmm`, `-lm` and `-dict` want them. */
export interface PocketsphinxModel {
  /** Folder of the acoustic model (holds `mdef`). */
  acousticModelDir: string;
  languageModelPath: string;
  dictionaryPath: string;
}

/**
 * The en-US model under `modelDir` (Debian's `pocketsphinx-en-us` layout: `en-us/`,
 * `en-us.lm.bin`, `cmudict-en-us.dict`), checked before anything runs, so a missing model is a
 * RuntimeMissingError naming the file rather than a failed recognition later.
 *
 * @example
 * const model = await locatePocketsphinxModel('/usr/share/pocketsphinx/model/en-us');
 */
export async function locatePocketsphinxModel(modelDir: string): Promise<PocketsphinxModel> {
  const model: PocketsphinxModel = {
    acousticModelDir: join(modelDir, 'en-us'),
    languageModelPath: join(modelDir, 'en-us.lm.bin'),
    dictionaryPath: join(modelDir, 'cmudict-en-us.dict'),
  };
  const required = [
    join(model.acousticModelDir, 'mdef'),
    model.languageModelPath,
    model.dictionaryPath,
  ];
  for (const path of required) {
    const isFile = await stat(path).then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!isFile) {
      throw new RuntimeMissingError(`The pocketsphinx model file ${path} is missing`, {
        details: { modelDir, missing: path },
        advice:
          'Install the pocketsphinx-en-us package, or set POCKETSPHINX_MODEL_DIR to a folder with en-us/, en-us.lm.bin and cmudict-en-us.dict.',
      });
    }
  }
  return model;
}
