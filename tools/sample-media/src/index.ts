export { defaultPhrases, generateSpeechClip } from './speech-clip';
export type { SpeechClip, SpeechClipOptions, SpeechSpan } from './speech-clip';
export { generateLavfiClip } from './lavfi-clip';
export type { LavfiClipOptions } from './lavfi-clip';
export { writeHostileInputs } from './hostile-inputs';
export type { HostileInputs } from './hostile-inputs';
export { buildMatroskaClaimingSize } from './matroska-header';
