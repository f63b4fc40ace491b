import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * Powertools' standard JSON line plus the keys of the invocation running in the current async
 * context. One Logger serves every invocation of an execution environment; the keys come from
 * AsyncLocalStorage at the moment a line is written, so two invocations running at once (Lambda
 * Managed Instances, the local runner) never see each other's job ids.
 */
export class InvocationLogFormatter extends LogFormatter {
  readonly #currentKeys: () => LogAttributes | undefined;

  constructor(currentKeys: () => LogAttributes | undefined) {
    super();
    this.#currentKeys = currentKeys;
  }

  override formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const { lambdaContext } = attributes;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: lambdaContext?.coldStart,
        function_arn: lambdaContext?.invokedFunctionArn,
        function_memory_size: lambdaContext?.memoryLimitInMB,
        function_name: lambdaContext?.functionName,
        function_request_id: lambdaContext?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        ...this.#currentKeys(),
      },
    }).addAttributes(additionalLogAttributes);
  }
}
