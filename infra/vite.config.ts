import { defineReelVitestConfig } from '../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'infra',
  projectRoot: import.meta.dirname,
});
