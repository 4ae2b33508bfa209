import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerHttpApi } from '../../../infra/constructs/partner-http-api.ts';
import { RECEIPT_OCR_PACKAGES } from '../../../lib/receipts/index.ts';
import { connectors, ENV, LAMBDA_ENVIRONMENT_LIMIT_BYTES } from '../../../lib/tenant/index.ts';
import {
  createProjectRoot,
  repoRoot,
  type Synthesized,
  scratchTenants,
  synthTenant,
  testApp,
} from './synth-fixture.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };

const project = createProjectRoot();
let demo: Synthesized;

beforeAll(() => {
  demo = synthTenant('demo', project.root);
}, 60_000);
afterAll(() => project.cleanup());

function appApi() {
  const connector = demo.stack.functions.get('app-api');
  if (!connector) throw new Error('app-api not deployed');
  return connector;
}

function statements(): Statement[] {
  const roleId = demo.stack.getLogicalId(appApi().role.node.defaultChild as never);
  const policies = demo.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  }) as Record<string, Resource>;
  return Object.values(policies).flatMap(
    (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

/** The app-api function's environment variables as synthesized. */
function environment(): Record<string, unknown> {
  const functionId = demo.stack.getLogicalId(appApi().function.node.defaultChild as never);
  return (
    (demo.template.toJSON().Resources[functionId] as Resource).Properties.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;
}

describe('app-api in the tenant stack', () => {
  it('is deployed for every tenant behind ANY /v1/app/{proxy+}', () => {
    // Prepare
    const functionId = demo.stack.getLogicalId(appApi().function.node.defaultChild as never);
    const routes = demo.template.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>;
    const integrations = demo.template.findResources('AWS::ApiGatewayV2::Integration') as Record<
      string,
      Resource
    >;
    // Act
    const route = Object.values(routes).find((r) => r.Properties.RouteKey === 'ANY /v1/app/{proxy+}');
    const integrationId = Object.entries(integrations).find(([, i]) =>
      JSON.stringify(i.Properties.IntegrationUri).includes(functionId),
    )?.[0];
    // Assess
    expect(connectors['app-api'].core).toBe(true);
    expect(route).toBeDefined();
    expect(integrationId).toBeDefined();
    expect(JSON.stringify(route?.Properties.Target)).toContain(integrationId as string);
  });

  it('has no grant on the API-key table and is not told its name', () => {
    // Prepare
    const tableId = demo.stack.getLogicalId(demo.stack.tables.apiKeys.node.defaultChild as never);
    const variables = environment();
    // Act
    const policies = JSON.stringify(statements());
    // Assess
    expect(connectors['app-api'].grants).not.toContain('api-keys');
    expect(policies).not.toContain(`"${tableId}"`);
    expect(ENV.apiKeysTable in variables).toBe(false);
  });

  it('may put receipts into the purchase folders of the mailbox and nowhere else in it', () => {
    // Prepare
    const mailboxId = demo.stack.getLogicalId(demo.stack.buckets.mailbox.node.defaultChild as never);
    // Act
    const puts = statements().filter((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).includes('s3:PutObject'),
    );
    // Assess
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]?.Resource)).toContain(mailboxId);
    expect(JSON.stringify(puts[0]?.Resource)).toContain('/*/purchase/*');
  });

  it('may read the CASH limiter’s table (the mirror table) and is told its name, but holds no CASH API key', () => {
    // Prepare
    const mirrorId = demo.stack.getLogicalId(demo.stack.tables.mirror.node.defaultChild as never);
    const variables = environment();
    // Act
    const all = statements();
    const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
    const mirrorReads = all.filter(
      (s) => actions(s).includes('dynamodb:GetItem') && JSON.stringify(s.Resource).includes(mirrorId),
    );
    const secretReads = all.filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));
    // Assess: the budget is a GetItem of the bucket (and of its name); the key's hash is recorded by the writer.
    expect(mirrorReads).toHaveLength(1);
    expect(actions(mirrorReads[0] as Statement)).not.toContain('dynamodb:Scan');
    expect(JSON.stringify(variables[ENV.mirrorTable])).toContain(mirrorId);
    expect(connectors['app-api'].grants).not.toContain('cash-api-keys');
    expect(secretReads).toEqual([]);
  });

  it('may send mail through SES as the tenant’s verified identity and no other', () => {
    // Act
    const ses = statements().filter((s) =>
      (Array.isArray(s.Action) ? s.Action : [s.Action]).some((a) => a.startsWith('ses:')),
    );
    // Assess
    expect(ses).toHaveLength(1);
    expect(ses[0]?.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(':identity/demo.example');
    expect(resources).not.toContain('*');
  });

  it.each([
    ['without mailOutbound', undefined, []],
    [
      'with a configuration set',
      {
        enabled: true,
        identity: 'demo.example',
        fromAddress: 'f@demo.example',
        configurationSet: 'facturen',
      },
      [':identity/demo.example', ':configuration-set/facturen'],
    ],
  ])(
    'sends %s as configured',
    (_name, mailOutbound, expected) => {
      // Prepare
      const scratch = scratchTenants((tenant) => {
        tenant.tenant = 'mailcheck';
        if (mailOutbound) tenant.mailOutbound = mailOutbound;
        else delete tenant.mailOutbound;
      });
      try {
        const other = synthTenant('mailcheck', project.root, scratch.directory);
        const app = other.stack.functions.get('app-api');
        const roleId = other.stack.getLogicalId(app?.role.node.defaultChild as never);
        // Act
        const policies = other.template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
        }) as Record<string, Resource>;
        const ses = Object.values(policies)
          .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
          .filter((st) => JSON.stringify(st.Action).includes('ses:'));
        // Assess
        const resources = JSON.stringify(ses.map((st) => st.Resource));
        expect(ses).toHaveLength(expected.length > 0 ? 1 : 0);
        for (const part of expected) expect(resources).toContain(part);
      } finally {
        scratch.cleanup();
      }
    },
    60_000,
  );

  it('keeps its environment under Lambda’s 4 KB', () => {
    // Prepare
    const variables = environment();
    // Act
    const bytes = Object.entries(variables).reduce(
      (sum, [k, v]) =>
        sum +
        Buffer.byteLength(k) +
        Buffer.byteLength(typeof v === 'string' ? v : '{"Ref":"x-resolved-later-xxxxxxxxxxxx"}'),
      0,
    );
    // Assess
    expect(bytes).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
  });

  it("ships the receipt OCR's packages installed beside its bundle, and only app-api does", () => {
    // Prepare
    const bundlings = [...demo.stack.functions].map(([name, connector]) => ({
      name,
      nodeModules: connector.bundling.nodeModules,
    }));
    // Act
    const installed = bundlings.filter((bundling) => bundling.nodeModules !== undefined);
    // Versions as NodejsFunction looks them up: the project's package.json, else the installed package.
    const projectPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const require = createRequire(join(repoRoot, 'package.json'));
    const unversioned = RECEIPT_OCR_PACKAGES.filter(
      (name) =>
        !projectPackage.dependencies[name] &&
        !(require(`${name}/package.json`) as { version?: string }).version,
    );
    // Assess
    expect(installed).toEqual([{ name: 'app-api', nodeModules: [...RECEIPT_OCR_PACKAGES] }]);
    expect(RECEIPT_OCR_PACKAGES).toEqual(
      expect.arrayContaining([
        'tesseract.js',
        'tesseract.js-core',
        '@tesseract.js-data/nld',
        '@tesseract.js-data/eng',
      ]),
    );
    expect(unversioned).toEqual([]);
    // The rest of the bundling is every function's: ESM with a `require` for the CommonJS it inlines.
    expect(appApi().bundling).toMatchObject({
      format: 'esm',
      mainFields: ['module', 'main'],
      banner: expect.stringContaining('createRequire'),
    });
  });
});

describe('PartnerHttpApi: user routes', () => {
  it('puts the JWT authorizer on a user route when the stack has one, and none on partner routes', () => {
    // Prepare
    const stack = new Stack(testApp(), 'UserRoutes');
    const api = new PartnerHttpApi(stack, 'Api', {
      tenant: 't',
      settings: { throttle: { rateLimit: 10, burstLimit: 20 } } as never,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const handler = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const authorizer = new authorizers.HttpJwtAuthorizer(
      'Users',
      'https://cognito-idp.eu-west-1.amazonaws.com/pool',
      {
        jwtAudience: ['client'],
      },
    );
    // Act
    api.addRoutes(
      { method: 'ANY', path: '/v1/app/{proxy+}', access: 'user' },
      handler,
      'app-api',
      authorizer,
    );
    api.addRoutes(
      { method: 'POST', path: '/v1/events', access: 'partner' },
      handler,
      'partner-api',
      authorizer,
    );
    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'ANY /v1/app/{proxy+}',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/events',
      AuthorizationType: 'NONE',
    });
    expect(apigw.HttpMethod.ANY).toBe('ANY');
  }, 60_000);
});
