import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'reel-cli',
  projectRoot: import.meta.dirname,
});
