import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** One answer of an API, as a client saw it. */
export interface RecordedResponse {
  method: string;
  /** The request path, without the query. */
  path: string;
  status: number;
  /** `Content-Type` without parameters; undefined when absent. */
  contentType: string | undefined;
  /** The body as received (empty for none). */
  body: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: Record<string, unknown>;
}

interface OpenApiOperation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * Checks answers against an OpenAPI 3.1 document: the path and method are documented, the status
 * is one of the operation's responses, the content type one of that response's, and the body
 * valid against its JSON Schema (2020-12, OpenAPI 3.1's dialect; `$ref`s into the document's
 * components resolve). Returns what is wrong, nothing for a conforming answer.
 *
 * @example
 * const problems = createOpenApiResponseChecker(document)(recorded);
 */
export function createOpenApiResponseChecker(
  document: OpenApiDocument,
): (response: RecordedResponse) => string[] {
  // Not strict: the documents carry OpenAPI's own keywords beside JSON Schema's.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    pattern: new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    ),
  }));
  return ({ method, path, status, contentType, body }) => {
    const what = `${method} ${path} → ${status}`;
    const template = templates.find(({ pattern }) => pattern.test(path))?.template;
    if (template === undefined) return [`${what}: no path of the document matches`];
    const operation = document.paths[template]?.[method.toLowerCase()];
    if (operation === undefined) return [`${what}: ${method} ${template} is not documented`];
    const response = operation.responses[String(status)];
    if (response === undefined) {
      return [`${what}: status not documented (${Object.keys(operation.responses).join(', ')})`];
    }
    if (response.content === undefined) {
      return body === '' ? [] : [`${what}: documented without a body, got ${body.slice(0, 80)}`];
    }
    const media = contentType === undefined ? undefined : response.content[contentType];
    if (media === undefined) {
      return [
        `${what}: content type ${contentType} is not one of ${Object.keys(response.content).join(', ')}`,
      ];
    }
    if (media.schema === undefined) return [];
    const key = `${template} ${method} ${status} ${contentType}`;
    let validate = validators.get(key);
    if (validate === undefined) {
      validate = ajv.compile({
        ...(media.schema as object),
        components: document.components,
      });
      validators.set(key, validate);
    }
    // A text answer (a playlist, an MPD) is checked as the string it is.
    let parsed: unknown = body;
    if (isJson(contentType)) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return [`${what}: the body is not JSON: ${body.slice(0, 80)}`];
      }
    }
    if (validate(parsed)) return [];
    return (validate.errors ?? []).map(
      ({ instancePath, message }) => `${what}: ${instancePath || '(body)'} ${message}`,
    );
  };
}

function isJson(contentType: string | undefined): boolean {
  return contentType === 'application/json' || (contentType?.endsWith('+json') ?? false);
}
