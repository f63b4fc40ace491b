import { ConfigInvalidError } from '@reel/error-taxonomy';
import * as z from 'zod';

/** Where this service finds pocketsphinx; read once from the environment by the handler. */
export interface TranscriptionSettings {
  /** `POCKETSPHINX_PATH`: the `pocketsphinx_continuous` binary, on PATH or a path. */
  pocketsphinxPath: string;
  /** `POCKETSPHINX_MODEL_DIR`: holds `en-us/` (acoustic model), `en-us.lm.bin`, `cmudict-en-us.dict`. */
  pocketsphinxModelDir: string;
  /**
   * `TRANSCRIPTION_PROVIDER`: the provider when a job does not name one. `local` by default; the
   * deployed function sets `aws`, since the Lambda image carries no pocketsphinx.
   */
  defaultProvider: 'local' | 'aws';
}

const command = z.string().regex(/^[^\0\r\n]+$/, 'must be a command name or a path');

const settingsSchema = z.object({
  POCKETSPHINX_PATH: command.default('pocketsphinx_continuous'),
  POCKETSPHINX_MODEL_DIR: z
    .string()
    .regex(/^\/[^\0\r\n]*$/, 'must be an absolute folder path')
    .default('/usr/share/pocketsphinx/model/en-us'),
  TRANSCRIPTION_PROVIDER: z.enum(['local', 'aws']).default('local'),
});

/**
 * The service's own settings from an environment map (the platform's are `loadConfig`'s). Unset
 * or empty variables take the Debian defaults; a malformed one is a ConfigInvalidError naming it.
 *
 * @example
 * const settings = loadTranscriptionSettings(process.env);
 */
export function loadTranscriptionSettings(
  env: Readonly<Record<string, string | undefined>>,
): TranscriptionSettings {
  const present = (name: string) => (env[name] === '' ? undefined : env[name]);
  const parsed = settingsSchema.safeParse({
    POCKETSPHINX_PATH: present('POCKETSPHINX_PATH'),
    POCKETSPHINX_MODEL_DIR: present('POCKETSPHINX_MODEL_DIR'),
    TRANSCRIPTION_PROVIDER: present('TRANSCRIPTION_PROVIDER'),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      ({ path, message }) => `${String(path[0])} ${message}`,
    );
    throw new ConfigInvalidError(`Invalid transcription settings: ${problems.join('; ')}`, {
      details: { variables: parsed.error.issues.map(({ path }) => String(path[0])) },
    });
  }
  return Object.freeze({
    pocketsphinxPath: parsed.data.POCKETSPHINX_PATH,
    pocketsphinxModelDir: parsed.data.POCKETSPHINX_MODEL_DIR,
    defaultProvider: parsed.data.TRANSCRIPTION_PROVIDER,
  });
}
