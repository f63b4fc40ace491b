import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'sample-media',
  projectRoot: import.meta.dirname,
});
