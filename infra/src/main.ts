import { join } from 'node:path';
import { createReelApp } from './reel-app';

// The CDK entry point (`cdk synth --app 'tsx src/main.ts'`). Account and region come from the CDK CLI.
const { app } = createReelApp({
  bundlesDir: join(import.meta.dirname, '../../dist/apps'),
  reelEnv: process.env['REEL_ENV'] ?? 'dev',
  account: process.env['CDK_DEFAULT_ACCOUNT'],
  region: process.env['CDK_DEFAULT_REGION'],
});
app.synth();
