import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'video-render-engine',
  projectRoot: import.meta.dirname,
});
