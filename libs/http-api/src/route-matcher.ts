import type { HttpMethod } from './http-route';

/** Finds which methods a path has, for 405 vs 404 (Powertools' router answers 404 for both). */
export function createRouteMatcher(routes: ReadonlyArray<{ method: HttpMethod; path: string }>) {
  const patterns = routes.map(({ method, path }) => ({ method, pattern: toPathPattern(path) }));
  return {
    /** The methods registered for paths matching `path`; empty when no route has that path. */
    allowedMethods(path: string): HttpMethod[] {
      const methods = patterns
        .filter(({ pattern }) => pattern.test(path))
        .map(({ method }) => method);
      return [...new Set(methods)];
    },
  };
}

/** `/a/{id}/b` → `/a/:id/b`, the Powertools router's syntax. */
export function toRouterPath(path: string): `/${string}` {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1') as `/${string}`;
}

function toPathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}
