import * as z from 'zod';

/**
 * The object schema with each field optional and its default/prefault removed, nested objects
 * likewise (zod 4 has no deep partial, and its `.partial()` still fills defaults in); range
 * checks, enums and descriptions are kept. What such a schema parses is only what was written, so
 * layers of defaults (platform, tenant, job) merge field by field before the full schema fills
 * the rest.
 *
 * @example
 * strictPartialWithoutDefaults(transcodeOptionsSchema).parse({ rungs: [720] }); // → { rungs: [720] }
 */
export function strictPartialWithoutDefaults(schema: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, optionalWithoutDefault(field)]),
  );
  return z.strictObject(shape);
}

/** The field itself, without its default, prefault or optional wrapper. */
export function withoutDefault(field: z.ZodType): z.ZodType {
  const { description } = field;
  let inner: z.ZodType = field;
  while (
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodPrefault ||
    inner instanceof z.ZodOptional
  ) {
    inner = inner.unwrap() as z.ZodType;
  }
  const bare = inner instanceof z.ZodObject ? strictPartialWithoutDefaults(inner) : inner;
  return description === undefined ? bare : bare.describe(description);
}

function optionalWithoutDefault(field: z.ZodType): z.ZodType {
  return withoutDefault(field).optional();
}
