import { describe, expect, it } from 'vitest';
import { loadTranscriptionSettings } from './transcription-settings';

describe('Function: loadTranscriptionSettings', () => {
  it('defaults to Debian’s pocketsphinx and en-US model', () => {
    expect(loadTranscriptionSettings({ POCKETSPHINX_PATH: '' })).toEqual({
      pocketsphinxPath: 'pocketsphinx_continuous',
      pocketsphinxModelDir: '/usr/share/pocketsphinx/model/en-us',
      defaultProvider: 'local',
    });
  });

  it('takes the binary, model and default provider from the environment', () => {
    expect(
      loadTranscriptionSettings({
        POCKETSPHINX_PATH: '/opt/ps/bin/pocketsphinx_continuous',
        POCKETSPHINX_MODEL_DIR: '/opt/ps/model/en-us',
        TRANSCRIPTION_PROVIDER: 'aws',
      }),
    ).toEqual({
      pocketsphinxPath: '/opt/ps/bin/pocketsphinx_continuous',
      pocketsphinxModelDir: '/opt/ps/model/en-us',
      defaultProvider: 'aws',
    });
  });

  it('refuses an unknown provider as ConfigInvalidError naming the variable', () => {
    expect(() => loadTranscriptionSettings({ TRANSCRIPTION_PROVIDER: 'whisper' })).toThrow(
      expect.objectContaining({
        name: 'ConfigInvalidError',
        message: expect.stringContaining('TRANSCRIPTION_PROVIDER'),
      }),
    );
  });

  it('refuses a relative model folder as ConfigInvalidError naming the variable', () => {
    expect(() => loadTranscriptionSettings({ POCKETSPHINX_MODEL_DIR: 'model' })).toThrow(
      expect.objectContaining({
        name: 'ConfigInvalidError',
        message: expect.stringContaining('POCKETSPHINX_MODEL_DIR must be an absolute folder path'),
      }),
    );
  });
});
