import { errorCatalog, errorTypes, type ErrorCode } from '@reel/error-taxonomy';
import * as z from 'zod';

const errorCodes = errorTypes.map((type): ErrorCode => errorCatalog[type].code);

// `undefined` is allowed so any `ErrorInfo` type-checks on assignment; JSON never holds it.
const errorDetailValueSchema = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])
  .optional();

/**
 * `ErrorInfo` from `@reel/error-taxonomy` as a zod schema: what a step or job records when it
 * fails. Its test pins the inferred type to `ErrorInfo`, so the two cannot drift apart.
 *
 * @example
 * errorInfoSchema.parse(toErrorInfo(new CorruptInputError('moov atom not found')));
 */
export const errorInfoSchema = z
  .object({
    type: z.enum(errorTypes),
    code: z.enum(errorCodes),
    message: z.string(),
    advice: z.string(),
    retryable: z.boolean(),
    httpStatus: z.number().int().min(100).max(599),
    details: z.record(z.string(), errorDetailValueSchema).optional(),
  })
  .meta({ title: 'ErrorInfo', description: 'A typed failure as plain data (no stack).' });
