import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ServiceName } from '@reel/service-presets';
import { buildProcessingWorkflow } from '@reel/workflow';
import type { Construct } from 'constructs';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';

export interface WorkflowStackProps extends StackProps {
  functions: Partial<Record<ServiceName, IFunction>>;
}

/**
 * The processing state machine, from the very ASL document the local runner executes
 * (`buildProcessingWorkflow` in @reel/workflow); only the Task resources differ: function ARNs here.
 */
export class WorkflowStack extends Stack {
  readonly stateMachine: CfnStateMachine;
  /** The ARN of every execution of the state machine (`…:execution:{name}:*`): what StopExecution names. */
  readonly executionArnPattern: string;
  /** Failed, timed-out and aborted executions (their EventBridge events), kept 14 days. */
  readonly failedExecutionsQueue: Queue;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const functionFor = (service: ServiceName): IFunction => {
      const fn = props.functions[service];
      if (!fn) throw new Error(`The workflow needs the ${service} service, which has no stack`);
      return fn;
    };
    const definition = buildProcessingWorkflow({
      resourceFor: (service) => functionFor(service).functionArn,
    });
    const role = new Role(this, 'StateMachineRole', {
      assumedBy: new ServicePrincipal('states.amazonaws.com'),
    });
    const invokedServices = new Set(
      Object.values(definition.States).flatMap((state) =>
        state['Type'] === 'Task' ? [String(state['Resource'])] : [],
      ),
    );
    role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...invokedServices] }),
    );
    const logGroup = new LogGroup(this, 'ExecutionLogs', { retention: RetentionDays.ONE_MONTH });
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
          'logs:DescribeLogGroups',
        ],
        resources: ['*'],
      }),
    );
    this.stateMachine = new CfnStateMachine(this, 'ProcessingWorkflow', {
      stateMachineType: 'STANDARD',
      roleArn: role.roleArn,
      definitionString: this.toJsonString(definition),
      tracingConfiguration: { enabled: true },
      loggingConfiguration: {
        level: 'ERROR',
        includeExecutionData: false,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroup.logGroupArn } }],
      },
    });
    this.executionArnPattern = this.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachine.attrName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // In this stack, not the shared one: the queue's policy names this rule (no cross-stack cycle).
    this.failedExecutionsQueue = new Queue(this, 'FailedExecutions-DLQ', {
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    // Step Functions invokes the services synchronously, so their async on-failure destinations
    // never fire for workflow work: failed executions reach the dead-letter queue from here.
    new Rule(this, 'FailedExecutions', {
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [this.stateMachine.attrArn],
        },
      },
      targets: [new SqsQueue(this.failedExecutionsQueue)],
    });
  }
}
