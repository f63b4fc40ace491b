import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'stream-manifests',
  projectRoot: import.meta.dirname,
});
