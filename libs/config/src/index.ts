export { defaultUploadPath, loadConfig } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { configVariables } from './config-variables';
export type { ConfigVariable } from './config-variables';
export { ENV_NAME_PATTERN, logLevels } from './reel-config';
export type {
  AwsReelConfig,
  LocalReelConfig,
  LogLevel,
  ReelConfig,
  ReelConfigBase,
  TranscriptionConfig,
} from './reel-config';
