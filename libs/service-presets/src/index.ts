export { getServicePreset, serviceNames, servicePresets } from './service-presets';
export type { ServiceName, ServicePreset } from './service-presets';
export { apiRoutes, servicesOf } from './api-routes';
export type { ApiRoute, ApiRouteMethod } from './api-routes';
