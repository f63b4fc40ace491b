export { mapWithConcurrency } from './map-with-concurrency';
export type { MapWithConcurrencyOptions } from './map-with-concurrency';
