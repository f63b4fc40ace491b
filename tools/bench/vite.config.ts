import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'bench',
  projectRoot: import.meta.dirname,
});
