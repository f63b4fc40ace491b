import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'audio-clips-api',
  projectRoot: import.meta.dirname,
});
