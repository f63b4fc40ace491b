import { describe, expect, it } from 'vitest';
import { buildPocketsphinxArgs } from './pocketsphinx-args';

const model = {
  acousticModelDir: '/m/en-us',
  languageModelPath: '/m/en-us.lm.bin',
  dictionaryPath: '/m/cmudict-en-us.dict',
};

describe('Function: buildPocketsphinxArgs', () => {
  it('asks for word times and names the model parts', () => {
    // Act
    const args = buildPocketsphinxArgs({ wavPath: '/job/chunk-000.wav', model });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-infile', '/job/chunk-000.wav', '-time', 'yes',
      '-hmm', '/m/en-us', '-lm', '/m/en-us.lm.bin', '-dict', '/m/cmudict-en-us.dict',
    ]);
  });

  it('refuses a relative path, which could be read as an option', () => {
    expect(() => buildPocketsphinxArgs({ wavPath: '-inmic', model })).toThrow(/wavPath/);
    expect(() =>
      buildPocketsphinxArgs({ wavPath: '/a.wav', model: { ...model, dictionaryPath: 'x.dict' } }),
    ).toThrow(/dictionaryPath/);
  });
});
