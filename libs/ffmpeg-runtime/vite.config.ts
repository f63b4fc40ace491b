import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'ffmpeg-runtime',
  projectRoot: import.meta.dirname,
});
