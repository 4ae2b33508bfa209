import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { WebHosting } from '../../../infra/constructs/index.ts';
import { InfraError } from '../../../infra/infra-error.ts';
import { SPA_REWRITE_FUNCTION_CODE } from '../../../lib/web-hosting/index.ts';
import { createProjectRoot, scratchTenants, synthTenant, testApp } from './synth-fixture.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>cashlink</title>');
writeFileSync(join(dist, 'assets', 'index-Bq3xK9_a.js'), 'console.log(1)');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const SIGN_IN = {
  issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Abc123',
  clientId: 'client-123',
  origins: [
    'https://cognito-idp.eu-central-1.amazonaws.com',
    'https://demo.auth.eu-central-1.amazoncognito.com',
  ],
};

/** A stack holding only what the construct needs: an HTTP API, an access-log bucket, the web hosting. */
function hostingStack(
  settings: { enabled: boolean; domainName?: string; certificateArn?: string } = { enabled: true },
) {
  const app = testApp();
  const stack = new Stack(app, 'WebStack', { env: { region: 'eu-central-1', account: '111122223333' } });
  stack.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const api = new apigw.HttpApi(stack, 'Api');
  const accessLogs = new s3.Bucket(stack, 'AccessLogs', {
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  });
  const web = new WebHosting(stack, 'WebApp', {
    tenant: 'demo',
    settings,
    api,
    signIn: SIGN_IN,
    distDir: dist,
    accessLogs,
  });
  return { app, stack, web, template: Template.fromStack(stack) };
}

function resourcesOfType(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type) as Record<string, Resource>);
}

function findings(scope: IConstruct, under: string): string[] {
  return [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
    pack
      .validateScope(scope)
      .violations.flatMap((v) =>
        v.violatingResources
          .filter((r) => (r.constructPath ?? '').includes(under))
          .map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`),
      ),
  );
}

describe('WebHosting (S3 + CloudFront)', () => {
  const { stack, template } = hostingStack();

  it('keeps the site bucket private, TLS-only, versioned and logged', () => {
    // Prepare
    const site = template.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });

    // Assess
    const [bucket] = Object.values(site) as Resource[];
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'web-site/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('reads the bucket through an origin access control, with TLS 1.2 and logging', () => {
    // Assess
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [distribution] = resourcesOfType(template, 'AWS::CloudFront::Distribution');
    const config = distribution?.Properties.DistributionConfig as Record<string, unknown>;
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      Logging: { Prefix: 'cloudfront/' },
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
    });
  });

  it('sends the contract’s security headers: CSP with the sign-in origins, HSTS 2 years preload, DENY, nosniff, no-referrer', () => {
    // Assess
    const [policy] = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy') as [Resource];
    const headers = (
      policy.Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      }
    ).SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy?.ContentSecurityPolicy).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        `connect-src 'self' ${SIGN_IN.origins.join(' ')}; worker-src 'self' blob:; frame-ancestors 'none'; ` +
        `base-uri 'none'; form-action 'self' ${SIGN_IN.origins.join(' ')}`,
    );
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63_072_000,
      IncludeSubdomains: true,
      Preload: true,
      Override: true,
    });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
  });

  it('forwards /v1/* to the HTTP API uncached with all viewer headers except Host, HTTPS only', () => {
    // Assess
    const [distribution] = resourcesOfType(template, 'AWS::CloudFront::Distribution');
    const config = distribution?.Properties.DistributionConfig as {
      CacheBehaviors: Array<Record<string, unknown>>;
      Origins: Array<Record<string, unknown>>;
      DefaultCacheBehavior: Record<string, unknown>;
    };
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/v1/*');
    expect(api).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE', 'PATCH']),
    });
    expect(api?.ResponseHeadersPolicyId).toEqual(config.DefaultCacheBehavior.ResponseHeadersPolicyId);
    const custom = config.Origins.find((o) => o.CustomOriginConfig);
    expect(custom?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('rewrites app routes to index.html with a CloudFront Function on viewer requests', () => {
    // Assess
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: SPA_REWRITE_FUNCTION_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  it('deploys dist/web: hashed assets immutable, the rest with a generated config.json revalidated and invalidated', () => {
    // Assess
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => JSON.stringify(d.Properties.Include ?? []).includes('assets/*'));
    const pages = deployments.find((d) => d !== assets);
    expect(assets?.Properties).toMatchObject({
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages?.Properties).toMatchObject({
      Prune: true,
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/index.html', '/config.json', '/'],
    });
    expect(pages?.Properties.SourceObjectKeys).toHaveLength(2);
  });

  it('leaves no unacknowledged cdk-nag finding, and every acknowledgement gives a reason', () => {
    // Act
    const found = findings(stack, '/WebApp/');
    const helperFound = findings(stack, 'Custom::CDKBucketDeployment');

    // Assess
    expect(found).toEqual([]);
    expect(helperFound).toEqual([]);
  });

  it('every acknowledgement silences a finding that really occurs', () => {
    // Prepare: the same stack once without acknowledgements.
    const original = Validations.prototype.acknowledge;
    Validations.prototype.acknowledge = () => undefined;
    let bare: ReturnType<typeof hostingStack>;
    try {
      bare = hostingStack();
    } finally {
      Validations.prototype.acknowledge = original;
    }

    // Act
    const raw = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
      pack
        .validateScope(bare.stack)
        .violations.flatMap((v) =>
          v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath })),
        ),
    );
    const acks = stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
            path: construct.node.path,
            id: id.replace(/^Annotation::/, ''),
            reason,
          })),
        ),
    );
    const unused = acks.filter(
      (ack) =>
        !raw.some((finding) => finding.rule === ack.id && `${finding.path}/`.startsWith(`${ack.path}/`)),
    );

    // Assess
    expect(acks.length).toBeGreaterThan(10);
    expect(unused).toEqual([]);
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(20);
  });
});

describe('WebHosting with a custom domain', () => {
  it('serves the domain with its us-east-1 certificate and TLSv1.2_2021', () => {
    // Act
    const { template } = hostingStack({
      enabled: true,
      domainName: 'app.demo.example',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012',
    });

    // Assess
    const [distribution] = resourcesOfType(template, 'AWS::CloudFront::Distribution');
    expect(distribution?.Properties.DistributionConfig).toMatchObject({
      Aliases: ['app.demo.example'],
      ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
    });
  });
});

describe('the SPA rewrite function', () => {
  // The function's source as CloudFront runs it: one `handler(event)`.
  const handler = new Function(`${SPA_REWRITE_FUNCTION_CODE}; return handler;`)() as (event: {
    request: { uri: string };
  }) => { uri: string };

  it.each([
    ['/', '/index.html'],
    ['/documenten', '/index.html'],
    ['/te-beoordelen/evt_1', '/index.html'],
    ['/auth/callback', '/index.html'],
    ['/config.json', '/config.json'],
    ['/assets/index-Bq3xK9_a.js', '/assets/index-Bq3xK9_a.js'],
    ['/favicon.svg', '/favicon.svg'],
  ])('%s → %s', (uri, expected) => {
    // Act, Assess
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });
});

describe('webApp in the tenant file', () => {
  const project = createProjectRoot();
  afterAll(() => project.cleanup());

  it.each([
    [{ enabled: true, domainName: 'app.demo.example' }, /certificateArn/],
    [{ enabled: true, domainName: 'App.Demo', certificateArn: 'x' }, /domainName/],
    [
      {
        enabled: true,
        certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012',
      },
      /us-east-1/,
    ],
  ])('refuses %j, naming the field', (webApp, field) => {
    // Prepare
    const tenants = scratchTenants((tenant) => {
      tenant.webApp = webApp;
    });

    try {
      // Act, Assess
      expect(() => synthTenant('demo', project.root, tenants.directory)).toThrow(field);
    } finally {
      tenants.cleanup();
    }
  });

  it('is added to the tenant stack with the app user pool’s issuer, client and hosted UI in CSP and config.json', () => {
    // Prepare
    const tenants = scratchTenants((tenant) => {
      tenant.webApp = { enabled: true };
    });
    mkdirSync(join(project.root, 'dist', 'web', 'assets'), { recursive: true });
    writeFileSync(join(project.root, 'dist', 'web', 'index.html'), '<!doctype html><title>cashlink</title>');

    try {
      // Act
      const { stack, template } = synthTenant('demo', project.root, tenants.directory);

      // Assess
      expect(stack.web).toBeDefined();
      template.resourceCountIs('AWS::CloudFront::Distribution', 1);
      const [policy] = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy') as [Resource];
      const csp = JSON.stringify(policy.Properties.ResponseHeadersPolicyConfig);
      expect(csp).toContain('https://cognito-idp.');
      expect(csp).toContain('amazoncognito.com');
      const client = resourcesOfType(template, 'AWS::Cognito::UserPoolClient')[0] as Resource;
      expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('DomainName');
    } finally {
      tenants.cleanup();
      rmSync(join(project.root, 'dist'), { recursive: true, force: true });
    }
  });

  it('is refused at synth with a clear message when dist/web has not been built', () => {
    // Prepare
    const tenants = scratchTenants((tenant) => {
      tenant.webApp = { enabled: true };
    });

    try {
      // Act, Assess
      expect(() => synthTenant('demo', project.root, tenants.directory)).toThrow(InfraError);
      expect(() => synthTenant('demo', project.root, tenants.directory)).toThrow(/npm run build:web/);
    } finally {
      tenants.cleanup();
    }
  });

  it('adds nothing when disabled', () => {
    // Prepare
    const tenants = scratchTenants((tenant) => {
      tenant.webApp = { enabled: false };
    });

    try {
      // Act
      const { template } = synthTenant('demo', project.root, tenants.directory);

      // Assess
      template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    } finally {
      tenants.cleanup();
    }
  });
});
