import { createStepHandler, type ServiceDependencies } from '@reel/lambda-kit';
import { createTranscribeApi } from './transcribe-api';
import {
  transcribeAudio,
  transcriptionOptionsSchema,
  type TranscriptionServices,
} from './transcribe-audio';
import { loadTranscriptionSettings } from './transcription-settings';

let defaultServices: TranscriptionServices | undefined;

/** The service's settings from `process.env`, read on the first invocation and kept for warm ones. */
function getDefaultServices(): TranscriptionServices {
  defaultServices ??= {
    settings: loadTranscriptionSettings(process.env),
    createTranscribeApi,
  };
  return defaultServices;
}

/** The `Transcribe` task's handler; tests pass their own dependencies, Lambda uses `process.env`. */
export function createTranscriptionHandler({
  dependencies,
  services = getDefaultServices,
}: {
  dependencies?: () => ServiceDependencies;
  services?: () => TranscriptionServices;
} = {}) {
  return createStepHandler({
    service: 'transcription',
    step: 'transcription',
    optionsSchema: transcriptionOptionsSchema,
    run: (context) => transcribeAudio(context, services()),
    dependencies,
  });
}

export const handler = createTranscriptionHandler();
