import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'reel-cli',
  projectRoot: import.meta.dirname,
  // Whole workflow runs (transcription included) beside the other end-to-end files on two cores.
  testTimeoutMs: 240_000,
});
