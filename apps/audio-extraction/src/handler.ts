import { createStepHandler, type ServiceDependencies } from '@reel/lambda-kit';
import { audioExtractionOptionsSchema, extractAudio } from './extract-audio';

/** The `ExtractAudio` task's handler; tests pass their own dependencies, Lambda uses `process.env`. */
export function createAudioExtractionHandler(dependencies?: () => ServiceDependencies) {
  return createStepHandler({
    service: 'audio-extraction',
    step: 'audio-extraction',
    optionsSchema: audioExtractionOptionsSchema,
    run: extractAudio,
    dependencies,
  });
}

export const handler = createAudioExtractionHandler();
