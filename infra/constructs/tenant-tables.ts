import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { DOCUMENT_INDEXES, GSI_SORT_KEY } from '../../lib/documents/document-index.ts';
import { DELIVERY_STATUS_INDEX } from '../../lib/outbound/delivery-record.ts';
import { InfraError } from '../infra-error.ts';

/**
 * CDK context `documentIndexes`: how many of the documents table's GSIs (DOCUMENT_INDEXES, in order) the
 * stack defines; default all. CloudFormation adds one GSI per update of an existing table, so a stack
 * deployed before them goes `-c documentIndexes=1`, `=2`, `=3`, then without (README: the reindex backfill).
 */
export const DOCUMENT_INDEXES_CONTEXT = 'documentIndexes';

function documentIndexCount(value: unknown): number {
  const all = Object.keys(DOCUMENT_INDEXES).length;
  if (value === undefined) return all;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > all) {
    throw new InfraError(
      `context ${DOCUMENT_INDEXES_CONTEXT}: a whole number from 0 to ${all}, not ${JSON.stringify(String(value).slice(0, 40))}`,
    );
  }
  return n;
}

/** TTL attribute of the documents, mirror and API-key tables (epoch seconds). */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';
/** TTL attribute Powertools idempotency writes (epoch seconds). */
export const IDEMPOTENCY_TTL_ATTRIBUTE = 'expiration';

/**
 * The tenant's DynamoDB tables. Documents and mirror share one generic single-table shape (`pk`, `sk`);
 * the idempotency table has the Powertools default shape (`id`). All are on-demand, encrypted with the
 * AWS-managed key, with point-in-time recovery, and retained when the stack is deleted.
 */
export class TenantTables extends Construct {
  /** Document status records: one per incoming item and its state changes, with the app's indexes. */
  readonly documents: dynamodb.Table;
  /** Read model of CASH: relations, ledger accounts, open items, articles. */
  readonly mirror: dynamodb.Table;
  readonly idempotency: dynamodb.Table;
  /**
   * Partner API keys (bearer verifier and signing key) and the nonces of signed requests. A table of its
   * own so that IAM can give it to the partner-api function alone: whoever reads a signing key can sign.
   */
  readonly apiKeys: dynamodb.Table;
  /** Outbound delivery records per (administration, target, record), listed by status through `byStatus`. */
  readonly deliveries: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.documents = singleTable(this, 'Documents');
    // The web app's reads (lib/documents/document-index.ts): sparse review queue, by administration, by
    // status, by connector; all sorted by `<createdAt>#<id>`. An existing table gains one GSI per deployment
    // (a CloudFormation limit), so a stack deployed before these existed is updated in four steps.
    const count = documentIndexCount(this.node.tryGetContext(DOCUMENT_INDEXES_CONTEXT));
    for (const index of Object.values(DOCUMENT_INDEXES).slice(0, count)) {
      this.documents.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: GSI_SORT_KEY, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.mirror = singleTable(this, 'Mirror');
    this.apiKeys = singleTable(this, 'ApiKeys');
    this.deliveries = singleTable(this, 'Deliveries');
    this.deliveries.addGlobalSecondaryIndex({
      indexName: DELIVERY_STATUS_INDEX,
      partitionKey: { name: 'statusPk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.idempotency = new dynamodb.Table(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: IDEMPOTENCY_TTL_ATTRIBUTE,
      ...commonProps,
    });
  }
}

const commonProps = {
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  encryption: dynamodb.TableEncryption.AWS_MANAGED,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: true,
} satisfies Partial<dynamodb.TableProps>;

function singleTable(scope: Construct, id: string): dynamodb.Table {
  return new dynamodb.Table(scope, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: TABLE_TTL_ATTRIBUTE,
    ...commonProps,
  });
}
