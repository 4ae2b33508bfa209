import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectRoot, type Synthesized, synthTenant } from './synth-fixture.ts';

/**
 * Renaming a construct that holds data changes its logical ID, and CloudFormation then replaces the
 * resource: a new empty table, a new bucket, queues losing their messages. These IDs are written out
 * by hand so such a rename fails here first; change them only with a migration plan.
 */
const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::SQS::Queue',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::Scheduler::ScheduleGroup',
  'AWS::Cognito::UserPool',
] as const;

const STATEFUL_LOGICAL_IDS: Record<(typeof STATEFUL_TYPES)[number], string[]> = {
  'AWS::DynamoDB::Table': [
    'TablesApiKeys330F873D',
    'TablesDeliveries21CE5B69',
    'TablesDocumentsC1C1B0DC',
    'TablesIdempotency498FF680',
    'TablesMirrorEF501A81',
  ],
  'AWS::S3::Bucket': ['BucketsAccessLogsA5F88218', 'BucketsArchiveCE3432CC', 'BucketsMailbox4B0D574E'],
  'AWS::SQS::Queue': [
    'ConnectorappapiDeadLetterQueue6A45BCAD',
    'ConnectorbankimportDeadLetterQueueF1C10A53',
    'ConnectorcashsyncDeadLetterQueueC2F88AA5',
    'ConnectorcashwriterDeadLetterQueueC2E045FD',
    'ConnectorinvoicemailboxDeadLetterQueue0009330E',
    'ConnectorpartnerapiDeadLetterQueue1F297473',
    'EventQueue7D2669DD',
    'EventQueueDeadLetterQueue14E48345',
  ],
  'AWS::KMS::Key': ['MonitoringAlarmTopicKeyFFA45DC9'],
  'AWS::Logs::LogGroup': [
    'ConnectorappapiLogGroupF15B93B9',
    'ConnectorbankimportLogGroupF5305494',
    'ConnectorcashsyncLogGroupBD6980EB',
    'ConnectorcashwriterLogGroup5EBBA48D',
    'ConnectorinvoicemailboxLogGroup4E200333',
    'ConnectorpartnerapiLogGroupA1A2C647',
    'HttpApiAccessLogsDED8C7A4',
  ],
  'AWS::Scheduler::ScheduleGroup': ['SchedulesGroupD276B6F4'],
  // The web app's users: a replaced pool loses every user and password.
  'AWS::Cognito::UserPool': ['AppUsersUserPoolB205347D'],
};

/** What a tenant file adds to the lists above: demo enables the WooCommerce demo shop's connector. */
const TENANT_EXTRA_IDS: Record<string, Partial<Record<(typeof STATEFUL_TYPES)[number], string[]>>> = {
  demo: {
    'AWS::SQS::Queue': ['ConnectorwoocommerceDeadLetterQueueAA141456'],
    'AWS::Logs::LogGroup': ['ConnectorwoocommerceLogGroup42CE6223'],
  },
};

const project = createProjectRoot();
const synthesized: Record<string, Synthesized> = {};
beforeAll(() => {
  for (const tenant of ['demo', 'example-bv']) synthesized[tenant] = synthTenant(tenant, project.root);
});
afterAll(() => project.cleanup());

describe('Stateful resources', () => {
  const cases = ['demo', 'example-bv'].flatMap((tenant) => STATEFUL_TYPES.map((type) => ({ tenant, type })));

  it.each(cases)('$tenant: logical IDs of $type are unchanged', ({ tenant, type }) => {
    // Act
    const ids = Object.keys(synthesized[tenant]?.template.findResources(type) ?? {}).sort();

    // Assess
    expect(ids).toEqual([...STATEFUL_LOGICAL_IDS[type], ...(TENANT_EXTRA_IDS[tenant]?.[type] ?? [])].sort());
  });

  it.each(['demo', 'example-bv'])(
    '%s: tables, buckets and logs are retained when removed from the stack',
    (tenant) => {
      // Prepare
      const resources = synthesized[tenant]?.template.toJSON().Resources as Record<
        string,
        { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
      >;

      // Act
      const kept = [
        'AWS::DynamoDB::Table',
        'AWS::S3::Bucket',
        'AWS::Logs::LogGroup',
        'AWS::KMS::Key',
        'AWS::Cognito::UserPool',
      ].flatMap((type) => Object.entries(resources).filter(([, resource]) => resource.Type === type));

      // Assess
      expect(kept.length).toBeGreaterThan(10);
      for (const [id, resource] of kept) {
        expect({ id, policy: resource.DeletionPolicy }).toEqual({ id, policy: 'Retain' });
        expect({ id, policy: resource.UpdateReplacePolicy }).toEqual({ id, policy: 'Retain' });
      }
    },
  );

  it('references each administration’s CASH API key by name, never creating or replacing a secret', () => {
    // Prepare
    const template = synthesized['example-bv']?.template;

    // Act
    const secrets = Object.keys(template?.findResources('AWS::SecretsManager::Secret') ?? {});
    const policies = JSON.stringify(template?.findResources('AWS::IAM::Policy'));

    // Assess
    expect(secrets).toEqual([]);
    expect(policies).toContain(':secret:cashlink/example-bv/EXBV/cash-api-key-??????');
    expect(policies).toContain(':secret:cashlink/example-bv/EXHOLD/cash-api-key-??????');
  });
});
