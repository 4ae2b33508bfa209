import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import type { WebApp } from '../../lib/tenant/index.ts';
import {
  contentSecurityPolicyFor,
  HSTS_MAX_AGE_SECONDS,
  SPA_REWRITE_FUNCTION_CODE,
  webAppConfig,
} from '../../lib/web-hosting/index.ts';
import { InfraError } from '../infra-error.ts';

/** Where the browser signs in: the OIDC issuer, the app's client id, and the origins the CSP must allow. */
export interface WebSignIn {
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>` (a token at synth time). */
  issuer: string;
  clientId: string;
  /** Origins the app talks to for sign-in: the issuer's and the hosted UI domain's. */
  origins: string[];
}

export interface WebHostingProps {
  tenant: string;
  settings: WebApp;
  /** The tenant's HTTP API: `/v1/*` of the app's origin goes there. */
  api: apigw.IHttpApi;
  signIn: WebSignIn;
  /** The built app (`dist/web`, made by `npm run build:web`). */
  distDir: string;
  /** The tenant's server access log bucket (ACLs disabled). */
  accessLogs: s3.IBucket;
}

/** Vite's hashed output; its names change with their content, so browsers may keep them for a year. */
const IMMUTABLE = s3deploy.CacheControl.fromString('public, max-age=31536000, immutable');
const REVALIDATE = s3deploy.CacheControl.fromString('no-cache');

/**
 * The web app in AWS: a private, versioned S3 bucket read only by CloudFront (origin access control), a
 * distribution with TLS 1.2+, the contract's security headers on every answer (CSP naming the sign-in
 * origins, HSTS two years with preload), app routes rewritten to index.html by a CloudFront Function,
 * `/v1/*` forwarded uncached to the HTTP API with every viewer header but Host, and `dist/web` deployed
 * with a generated `config.json` (hashed assets immutable, the rest revalidated).
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    if (!existsSync(join(props.distDir, 'index.html')))
      throw new InfraError(
        `webApp is enabled but ${props.distDir} holds no index.html: build the web app first (npm run build:web)`,
      );
    const secure = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies Partial<s3.BucketProps>;

    this.bucket = new s3.Bucket(this, 'Site', {
      ...secure,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'web-site/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    // CloudFront's standard logs are delivered with ACLs, which the tenant's access-log bucket disables.
    this.logs = new s3.Bucket(this, 'CdnLogs', {
      ...secure,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'web-cdn-logs/',
      lifecycleRules: [
        { expiration: Duration.days(400), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `cashlink ${props.tenant} web app: CSP, HSTS, nosniff, no-referrer, frame-ancestors none`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicyFor(props.signIn.origins),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true }],
      },
    });

    const spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'app routes (no file extension) answer index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_FUNCTION_CODE),
    });
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const custom = props.settings.domainName && props.settings.certificateArn;

    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: `cashlink ${props.tenant} web app`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(custom
        ? {
            domainNames: [props.settings.domainName as string],
            certificate: acm.Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.settings.certificateArn as string,
            ),
          }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        functionAssociations: [
          { function: spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.headers,
          compress: false,
        },
      },
    });
    this.url = custom
      ? `https://${props.settings.domainName}`
      : `https://${this.distribution.distributionDomainName}`;

    // Hashed assets first (kept on later deployments, so a page loaded before one still finds its scripts),
    // then index.html, config.json and the other files, revalidated, with a CloudFront invalidation.
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(props.distDir)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [IMMUTABLE],
      memoryLimit: 512,
    });
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      sources: [
        s3deploy.Source.asset(props.distDir, { exclude: ['assets', 'assets/*', 'config.json'] }),
        s3deploy.Source.jsonData('config.json', webAppConfig(props.signIn.issuer, props.signIn.clientId)),
      ],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [REVALIDATE],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json', '/'],
      memoryLimit: 512,
    });
    pages.node.addDependency(assets);

    this.acknowledge(props);
    new CfnOutput(this, 'Url', { value: this.url, description: 'the web app' });
  }

  private acknowledge(props: WebHostingProps): void {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: bookkeepers work from abroad too; every API route checks token, role and administration.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF: the static app is public by nature and /v1 is authenticated per request and throttled by the HTTP API stage.',
      },
    );
    if (!props.settings.domainName)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront’s default certificate is used, whose TLS floor CloudFront sets; set webApp.domainName and certificateArn for TLS 1.2+.',
      });
    this.acknowledgeDeploymentHelper();
  }

  /**
   * CDK's BucketDeployment helper (a singleton Lambda that copies the assets during deployments) is outside
   * our control: its findings of the rule families below are acknowledged one by one, with the reason of the
   * family; any other finding on it stays a finding.
   */
  private acknowledgeDeploymentHelper(): void {
    const stack = Stack.of(this);
    const helpers = stack.node.children.filter((child: IConstruct) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    for (const helper of helpers) {
      const found = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
        pack.validateScope(helper).violations.map((v) => v.ruleName),
      );
      for (const id of new Set(found)) {
        const reason = HELPER_REASONS[id.replace(/\[.*$/, '')];
        if (reason) Validations.of(helper).acknowledge({ id, reason });
      }
    }
  }
}

/** Why a finding on CDK's bucket-deployment helper is accepted, by rule. */
const HELPER_REASONS: Record<string, string> = {
  'AwsSolutions-IAM4':
    'CDK’s bucket-deployment helper, run only during deployments, has the basic execution policy built in.',
  'AwsSolutions-IAM5':
    'CDK’s bucket-deployment helper copies a whole asset prefix into the site bucket: object and action wildcards are its design.',
  'AwsSolutions-L1':
    'CDK’s bucket-deployment helper pins its own runtime, which CDK upgrades with its version.',
  'Serverless-LambdaDLQ':
    'CDK’s bucket-deployment helper is a CloudFormation custom resource: a failure fails the deployment, nothing is queued.',
  'Serverless-LambdaLatestVersion':
    'CDK’s bucket-deployment helper pins its own runtime, which CDK upgrades.',
  'Serverless-LambdaTracing':
    'CDK’s bucket-deployment helper runs only during deployments; its logs in CloudWatch suffice, no X-Ray.',
  'Serverless-LambdaDefaultMemorySize':
    'CDK’s bucket-deployment helper is given 512 MB for unzipping the app; the rule’s default check does not apply.',
};
