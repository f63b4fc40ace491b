import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'ladder',
  projectRoot: import.meta.dirname,
});
