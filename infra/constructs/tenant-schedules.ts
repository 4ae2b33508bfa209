import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * Every schedule of the hub runs in Dutch local time, so "06:00" stays 06:00 across DST changes. CDK's list
 * lacks Amsterdam (tzdata made it a link to Brussels); Scheduler accepts the IANA name.
 */
export const SCHEDULE_TIME_ZONE = TimeZone.of('Europe/Amsterdam');

export interface TenantSchedulesProps {
  tenant: string;
}

export interface ConnectorScheduleProps {
  connector: string;
  name: string;
  expression: string;
  description: string;
  target: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  /** Administrations the run covers; passed in the payload. */
  administrations: readonly string[];
}

/**
 * The tenant's EventBridge Scheduler group and its schedules. Each invocation carries the scheduler's
 * scheduled time and execution id, natural idempotency keys for a nightly run.
 */
export class TenantSchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** The one role Scheduler assumes to invoke the tenant's functions and write to their DLQs. */
  readonly role: iam.Role;
  private readonly tenant: string;

  constructor(scope: Construct, id: string, props: TenantSchedulesProps) {
    super(scope, id);
    this.tenant = props.tenant;
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `cashlink-${props.tenant}`,
    });
    this.role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `EventBridge Scheduler for cashlink ${props.tenant}`,
    });
  }

  addSchedule(props: ConnectorScheduleProps): scheduler.Schedule {
    const target = new targets.LambdaInvoke(props.target, {
      role: this.role,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 3,
      maxEventAge: Duration.hours(1),
      input: scheduler.ScheduleTargetInput.fromObject({
        source: 'cashlink.schedule',
        tenant: this.tenant,
        connector: props.connector,
        schedule: props.name,
        administrations: props.administrations,
        scheduledTime: scheduler.ContextAttribute.scheduledTime,
        executionId: scheduler.ContextAttribute.executionId,
        attemptNumber: scheduler.ContextAttribute.attemptNumber,
      }),
    });
    const functionResource = props.target.node.defaultChild;
    if (functionResource) {
      const logicalId = Stack.of(this).getLogicalId(functionResource as never);
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: `CDK grants lambda:InvokeFunction on ${props.connector}'s versions and aliases too (ARN:*); no other function.`,
      });
    }
    return new scheduler.Schedule(this, `${props.connector}-${props.name}`, {
      scheduleGroup: this.group,
      description: props.description || `${props.connector} ${props.name}`,
      schedule: scheduler.ScheduleExpression.expression(props.expression, SCHEDULE_TIME_ZONE),
      target,
      timeWindow: scheduler.TimeWindow.off(),
    });
  }
}
