import { loadConfig } from '@reel/config';
import {
  buildAtInit,
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

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createAudioExtractionHandler(
  buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'audio-extraction' }),
  ),
);
