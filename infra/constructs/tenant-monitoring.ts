import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConnectorFunction } from './connector-function.ts';

export interface TenantMonitoringProps {
  tenant: string;
  /** Receives alarm notifications by e-mail (after confirming the subscription). */
  alarmEmail?: string;
}

export interface MonitoredConnector {
  connector: ConnectorFunction;
  /** Alarm when the function was not invoked for this many hours; undefined for none. */
  silentAfterHours?: number;
}

/** Percentage of failed invocations over 15 minutes that raises the error-rate alarm. */
export const ERROR_RATE_THRESHOLD_PERCENT = 5;
/** An event older than this in the queue means CASH is not being written to. */
export const EVENT_AGE_THRESHOLD = Duration.hours(1);

/**
 * Alarms (dead-letter queues not empty, error rate, a source gone silent, stuck events, API errors), an
 * encrypted SNS topic they notify, and the tenant's CloudWatch dashboard.
 */
export class TenantMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: TenantMonitoringProps) {
    super(scope, id);
    // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, hence a customer key.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `cashlink ${props.tenant} alarm topic`,
      enableKeyRotation: true,
    });
    // Confused-deputy guard: only this account's alarms may make CloudWatch use the key.
    const { account, region, partition } = Stack.of(this);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `cashlink ${props.tenant} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason: 'An e-mail subscription to operators: SNS retries delivery itself and a DLQ would go unread.',
      });
    }
    this.action = new actions.SnsAction(this.topic);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `cashlink-${props.tenant}`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# cashlink — ${props.tenant}\nEvents flow from the connectors through the FIFO event queue to the CASH writer.`,
        width: 24,
        height: 2,
      }),
    );
  }

  /** Queue depth, age and dead-letter alarms of the event queue. */
  monitorEventQueue(queue: sqs.IQueue, deadLetterQueue: sqs.IQueue): void {
    this.alarm('EventDeadLetterQueueNotEmpty', {
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      alarmDescription: 'Events could not be booked in CASH after all retries; inspect and redrive the DLQ.',
    });
    const age = queue.metricApproximateAgeOfOldestMessage({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    this.alarm('EventQueueStuck', {
      metric: age,
      threshold: EVENT_AGE_THRESHOLD.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      alarmDescription: 'The oldest event waits over an hour: CASH unreachable or the writer failing.',
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Event queue',
        left: [
          queue.metricApproximateNumberOfMessagesVisible({ label: 'waiting' }),
          queue.metricNumberOfMessagesSent({ label: 'sent', statistic: 'Sum' }),
          deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'dead letters' }),
        ],
        right: [age],
        width: 12,
      }),
    );
  }

  /** Dead-letter, error-rate and (optionally) silence alarms for one function, plus its dashboard row. */
  monitorConnector({ connector, silentAfterHours }: MonitoredConnector): void {
    const fn = connector.function;
    const name = connector.connectorName;
    const id = pascal(name);
    this.alarm(`${id}DeadLetterQueueNotEmpty`, {
      metric: connector.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      alarmDescription: `${name}: an asynchronous invocation (S3 or schedule) failed after all retries.`,
    });
    const period = Duration.minutes(5);
    const invocations = fn.metricInvocations({ period, statistic: 'Sum' });
    const errors = fn.metricErrors({ period, statistic: 'Sum' });
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: { invocations, errors },
      period,
      label: `${name} error %`,
    });
    this.alarm(`${id}ErrorRate`, {
      metric: errorRate,
      threshold: ERROR_RATE_THRESHOLD_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      alarmDescription: `${name}: more than ${ERROR_RATE_THRESHOLD_PERCENT}% of invocations failed for 15 minutes.`,
    });
    if (silentAfterHours !== undefined) {
      // Hourly periods that must all be empty: exact to the hour, up to CloudWatch's 7-day evaluation range.
      this.alarm(`${id}Silent`, {
        metric: fn.metricInvocations({ period: Duration.hours(1), statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: silentAfterHours,
        datapointsToAlarm: silentAfterHours,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        alarmDescription: `${name}: no invocations for ${silentAfterHours} hours — the source may have gone silent.`,
      });
    }
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${name}: invocations and errors`,
        left: [invocations, errors, fn.metricThrottles({ period, statistic: 'Sum' })],
        right: [errorRate],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: `${name}: duration and concurrency`,
        left: [fn.metricDuration({ period, statistic: 'p95' })],
        right: [fn.metric('ConcurrentExecutions', { period, statistic: 'Maximum' })],
        width: 12,
      }),
    );
  }

  /** 5xx responses of the HTTP API. */
  monitorApi(api: apigw.HttpApi): void {
    const serverErrors = api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    this.alarm('ApiServerErrors', {
      metric: serverErrors,
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'The partner API or a webhook answered 5xx five times or more in 5 minutes.',
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'HTTP API',
        left: [
          api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
          api.metricClientError({ period: Duration.minutes(5), statistic: 'Sum' }),
          serverErrors,
        ],
        right: [api.metricLatency({ period: Duration.minutes(5), statistic: 'p95' })],
        width: 24,
      }),
    );
  }

  private alarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
