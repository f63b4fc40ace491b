import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'media-validator',
  projectRoot: import.meta.dirname,
});
