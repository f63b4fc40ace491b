export { createTestEnvironment, lambdaContext, testBackends } from './test-environment';
export type { TestBackend, TestEnvironment, TestEnvironmentOptions } from './test-environment';
export { addExtractedAudio } from './extracted-audio';
export type { ExtractedAudio } from './extracted-audio';
export { captureProgress } from './capture-progress';
export type { CapturedProgress } from './capture-progress';
export { readStoredText } from './read-stored-text';
export { addTranscodedStreams } from './transcoded-streams';
export type { TranscodedStreams } from './transcoded-streams';
