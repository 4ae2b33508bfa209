import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The tenant's buckets. Mailbox: where files arrive (`<adm>/purchase/`, `<adm>/sales/`, `<adm>/bank/`,
 * optionally `<adm>/inbox-email/`). Archive: originals and the outbox for CASH, versioned. Both encrypted,
 * TLS-only, never public, retained, with server access logs in a third bucket.
 */
export class TenantBuckets extends Construct {
  readonly mailbox: s3.Bucket;
  readonly archive: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secureDefaults,
      // ACLs stay disabled: CDK grants the S3 logging service through the bucket policy instead.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { expiration: Duration.days(400), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.mailbox = new s3.Bucket(this, 'Mailbox', {
      ...secureDefaults,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'mailbox/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Overwritten or deleted arrivals stay recoverable for a while, not forever.
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
    });

    this.archive = new s3.Bucket(this, 'Archive', {
      ...secureDefaults,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'archive/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Originals are kept (fiscale bewaarplicht: 7 years); older versions of a key move to cheaper storage.
        {
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
        },
      ],
    });
  }
}

const secureDefaults = {
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.RETAIN,
} satisfies Partial<s3.BucketProps>;
