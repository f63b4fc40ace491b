import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'ingest-orchestrator',
  projectRoot: import.meta.dirname,
});
