import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'media-types',
  projectRoot: import.meta.dirname,
});
