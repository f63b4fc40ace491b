import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'observability',
  projectRoot: import.meta.dirname,
});
