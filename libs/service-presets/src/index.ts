export { getServicePreset, serviceNames, servicePresets } from './service-presets';
export type { ServiceName, ServicePreset } from './service-presets';
