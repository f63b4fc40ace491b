export type {
  GraphPart,
  Rational,
  RemovedSpan,
  RenderTimeline,
  TimelinePiece,
} from './render-timeline';
export { buildWatermarkPart } from './branding-watermark-part';
export type { BuildWatermarkPartOptions, WatermarkStyle } from './branding-watermark-part';
export { buildBumperPart } from './branding-bumper-part';
export type { AvLabels, BuildBumperPartOptions, BumperInput } from './branding-bumper-part';
