import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'transcription',
  projectRoot: import.meta.dirname,
});
