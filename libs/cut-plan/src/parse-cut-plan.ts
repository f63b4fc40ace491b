import { InvalidRequestError } from '@reel/error-taxonomy';
import { cutPlanSchema, type CutPlan } from './cut-plan-schema';

const COVERAGE_ADVICE =
  'Every millisecond from 0 to source.durationMs belongs to exactly one segment: start the first ' +
  'segment at 0, start each segment where the previous one ends, and end the last at source.durationMs.';

/**
 * Reads a cut plan from its JSON text — typically one a user edited — and checks it fully: the
 * schema (InvalidRequestError naming the field, e.g. `segments.3.action`), then the timeline
 * (InvalidRequestError naming the segment by its number from 1, as `reel plan` lists it: a gap, an overlap, an empty or reversed segment,
 * a plan that does not start at 0 or end at the duration). A broken plan is refused, never repaired.
 *
 * @example
 * const plan = parseCutPlan(await readFile('cut-plan.json', 'utf8'));
 */
export function parseCutPlan(text: string): CutPlan {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError(`The cut plan is not JSON: ${(error as Error).message}`, {
      cause: error,
      advice:
        'Check the file for a missing comma, quote or bracket (a JSON validator shows where).',
    });
  }
  return validateCutPlan(document);
}

/**
 * {@link parseCutPlan} for a document that is already parsed (an object from an API body).
 *
 * @example
 * const plan = validateCutPlan(request.body);
 */
export function validateCutPlan(document: unknown): CutPlan {
  const parsed = cutPlanSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(plan)'}: ${issue.message}`,
    );
    const firstPath = parsed.error.issues[0]?.path ?? [];
    const segmentIndex = firstPath[0] === 'segments' ? firstPath[1] : undefined;
    throw new InvalidRequestError(`The cut plan is not valid: ${problems.join('; ')}`, {
      details: {
        field: firstPath.join('.'),
        ...(typeof segmentIndex === 'number' ? { segmentIndex } : {}),
        problems,
      },
      advice: 'Compare the plan with the cut plan JSON Schema (libs/cut-plan/src/generated).',
    });
  }
  assertCoversTimeline(parsed.data);
  return parsed.data;
}

/**
 * The plan as stored (`plan/cut-plan.json`): pretty-printed JSON with a final newline, so a user's
 * edit shows up as a small diff.
 *
 * @example
 * await writeFile(path, serializeCutPlan(plan));
 */
export function serializeCutPlan(plan: CutPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** A segment as `reel plan` lists it: numbered from 1 (`#1` is the first). */
function segmentName(segmentIndex: number): string {
  return `segment #${segmentIndex + 1}`;
}

/** The note that tells a reader which numbering a message uses. */
const NUMBERING_NOTE = '(segments numbered from 1, as `reel plan` lists them)';

function assertCoversTimeline({ segments, source: { durationMs } }: CutPlan): void {
  let previousEndMs = 0;
  for (const [segmentIndex, { startMs, endMs }] of segments.entries()) {
    const refuse = (message: string) => {
      throw new InvalidRequestError(`${message} ${NUMBERING_NOTE}`, {
        details: {
          segmentIndex,
          segmentNumber: segmentIndex + 1,
          startMs,
          endMs,
          previousEndMs,
          durationMs,
        },
        advice: COVERAGE_ADVICE,
      });
    };
    const Segment = `Segment #${segmentIndex + 1}`;
    if (endMs <= startMs) {
      refuse(`${Segment} is empty or reversed: it starts at ${startMs} ms and ends at ${endMs} ms`);
    }
    if (segmentIndex === 0 && startMs !== 0) {
      refuse(`${Segment} starts at ${startMs} ms; the plan must start at 0 ms`);
    }
    if (startMs > previousEndMs) {
      refuse(
        `${Segment} starts at ${startMs} ms, leaving a gap of ${startMs - previousEndMs} ms after ${segmentName(segmentIndex - 1)} (which ends at ${previousEndMs} ms)`,
      );
    }
    if (startMs < previousEndMs) {
      refuse(
        `${Segment} starts at ${startMs} ms, overlapping ${segmentName(segmentIndex - 1)} (which ends at ${previousEndMs} ms) by ${previousEndMs - startMs} ms`,
      );
    }
    if (endMs > durationMs) {
      refuse(`${Segment} ends at ${endMs} ms, after the source ends (${durationMs} ms)`);
    }
    previousEndMs = endMs;
  }
  if (previousEndMs !== durationMs) {
    const segmentIndex = segments.length - 1;
    throw new InvalidRequestError(
      `The last segment (#${segmentIndex + 1}) ends at ${previousEndMs} ms; the plan must end where the source does (${durationMs} ms) ${NUMBERING_NOTE}`,
      {
        details: {
          segmentIndex,
          segmentNumber: segmentIndex + 1,
          endMs: previousEndMs,
          durationMs,
        },
        advice: COVERAGE_ADVICE,
      },
    );
  }
}
