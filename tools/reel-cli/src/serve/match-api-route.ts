import type { ApiRoute } from '@reel/service-presets';

/** A request's route: the row, and the values of its `{name}` segments (API Gateway's `pathParameters`). */
export interface MatchedApiRoute {
  route: ApiRoute;
  pathParameters: Record<string, string>;
}

/** What a path and method find in a route table: a route, the methods the path has, or nothing. */
export type ApiRouteLookup =
  | ({ found: 'route' } & MatchedApiRoute)
  | { found: 'other-methods'; allowedMethods: string[] }
  | { found: 'nothing' };

interface CompiledRoute {
  route: ApiRoute;
  method: string;
  pattern: RegExp;
  names: string[];
  greedy: boolean;
  staticChars: number;
}

/**
 * Looks a request up in a route table the way API Gateway selects a route: a path without a
 * greedy `{name+}` wins over one with it, then the longer literal path, and a route of the
 * request's own method wins over `ANY`. A path that some route has under other methods is
 * `other-methods` (405), any other path `nothing` (404).
 *
 * @example
 * const lookup = createApiRouteMatcher(apiRoutes)('GET', '/api/v1/audio_clips/ep-1');
 * // { found: 'route', route: { service: 'audio-clips-api', … }, pathParameters: { proxy: 'ep-1' } }
 */
export function createApiRouteMatcher(
  routes: readonly ApiRoute[],
): (method: string, rawPath: string) => ApiRouteLookup {
  const compiled = routes.map(compileRoute).sort(bySpecificity);
  return (method, rawPath) => {
    const pathMatches = compiled.flatMap((candidate) => {
      const match = candidate.pattern.exec(rawPath);
      return match === null ? [] : [{ candidate, values: match.slice(1) }];
    });
    const chosen =
      pathMatches.find(({ candidate }) => candidate.method === method) ??
      pathMatches.find(({ candidate }) => candidate.method === 'ANY');
    if (chosen === undefined) {
      if (pathMatches.length === 0) return { found: 'nothing' };
      return {
        found: 'other-methods',
        allowedMethods: [...new Set(pathMatches.map(({ candidate }) => candidate.method))],
      };
    }
    const pathParameters: Record<string, string> = {};
    chosen.candidate.names.forEach((name, index) => {
      pathParameters[name] = decodeSegment(chosen.values[index] ?? '');
    });
    return { found: 'route', route: chosen.candidate.route, pathParameters };
  };
}

function compileRoute(route: ApiRoute): CompiledRoute {
  const [method = 'ANY', path = '/'] = route.routeKey.split(' ');
  const names: string[] = [];
  let greedy = false;
  let staticChars = 0;
  const source = path
    .split('/')
    .map((segment) => {
      const variable = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/.exec(segment);
      if (variable === null) {
        staticChars += segment.length;
        return segment.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');
      }
      names.push(variable[1] as string);
      greedy ||= variable[2] === '+';
      return variable[2] === '+' ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, method, pattern: new RegExp(`^${source}$`), names, greedy, staticChars };
}

function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  if (a.greedy !== b.greedy) return a.greedy ? 1 : -1;
  return b.staticChars - a.staticChars;
}

/** API Gateway hands a Lambda decoded path parameters; a malformed escape is left as sent. */
function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
