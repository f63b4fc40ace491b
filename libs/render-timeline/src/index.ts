export type {
  GraphPart,
  Rational,
  RemovedSpan,
  RenderTimeline,
  TimelinePiece,
} from './render-timeline';
