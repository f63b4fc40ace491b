import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'audio-extraction',
  projectRoot: import.meta.dirname,
});
