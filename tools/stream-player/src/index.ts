export { playStream } from './play-stream';
export type {
  PlaybackReport,
  PlayFolderOptions,
  PlayStreamOptions,
  PlayUrlOptions,
  RenditionSwitch,
  StreamKind,
} from './play-stream';
export { CHROMIUM_PATH, launchChromium } from './launch-chromium';
export { startStaticServer } from './static-server';
export type { StaticServer } from './static-server';
export type { LoopbackListener } from './listen-on-loopback';
