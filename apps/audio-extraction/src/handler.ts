import { loadConfig } from '@reel/config';
import {
  createServiceDependencies,
  createStepHandler,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { audioExtractionOptionsSchema, extractAudio } from './extract-audio';

/** The `ExtractAudio` task's handler over the given dependencies (tests pass their own). */
export function createAudioExtractionHandler(dependencies: () => ServiceDependencies) {
  return createStepHandler({
    service: 'audio-extraction',
    step: 'audio-extraction',
    optionsSchema: audioExtractionOptionsSchema,
    run: extractAudio,
    dependencies,
  });
}

/** Lambda's entry: the config is read from the environment once, on the first invocation. */
export const handler = createAudioExtractionHandler(() =>
  createServiceDependencies(loadConfig(process.env), { service: 'audio-extraction' }),
);
