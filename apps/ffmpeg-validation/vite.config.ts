import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'ffmpeg-validation',
  projectRoot: import.meta.dirname,
});
