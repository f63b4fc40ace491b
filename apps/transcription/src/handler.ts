import { loadConfig } from '@reel/config';
import {
  buildAtInit,
  createServiceDependencies,
  createStepHandler,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { createTranscribeApi } from './transcribe-api';
import {
  transcribeAudio,
  transcriptionOptionsSchema,
  type TranscriptionServices,
} from './transcribe-audio';

/**
 * The `Transcribe` task's handler over the given dependencies (tests pass their own, and may stand
 * in for AWS Transcribe). The recognizer's settings are the config's `transcription`.
 */
export function createTranscriptionHandler({
  dependencies,
  services = { createTranscribeApi },
}: {
  dependencies: () => ServiceDependencies;
  services?: TranscriptionServices;
}) {
  return createStepHandler({
    service: 'transcription',
    step: 'transcription',
    optionsSchema: transcriptionOptionsSchema,
    run: (context) => transcribeAudio(context, services),
    dependencies,
  });
}

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createTranscriptionHandler({
  dependencies: buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'transcription' }),
  ),
});
