import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'transcript',
  projectRoot: import.meta.dirname,
});
