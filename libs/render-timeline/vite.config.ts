import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'render-timeline',
  projectRoot: import.meta.dirname,
});
