import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'manifest',
  projectRoot: import.meta.dirname,
});
