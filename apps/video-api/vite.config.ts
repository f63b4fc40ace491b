import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'video-api',
  projectRoot: import.meta.dirname,
});
