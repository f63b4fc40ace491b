export { defaultPhrases, generateSpeechClip } from './speech-clip';
export type { SpeechClip, SpeechClipOptions, SpeechSpan } from './speech-clip';
export { generateLavfiClip } from './lavfi-clip';
export type { LavfiClipOptions } from './lavfi-clip';
export { writeHostileInputs } from './hostile-inputs';
export type { HostileInputs } from './hostile-inputs';
export { buildMatroskaClaimingSize } from './matroska-header';
export { generateHostileInputs, listHostileInputs } from './hostile-media';
export type { HostileInput, HostileInputsOptions } from './hostile-media';
export { overwriteWithNoise, patchMatroskaDuration, seededNoise } from './byte-surgery';
export {
  FRAME_COUNTER_BITS,
  generateFrameCounterSource,
  readFrameNumbers,
} from './frame-counter-source';
export type { FrameCounterSourceOptions } from './frame-counter-source';
