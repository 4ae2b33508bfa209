import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppUserPool } from '../../../infra/constructs/app-user-pool.ts';
import { type ConnectorTriggers, connectors } from '../../../lib/tenant/index.ts';
import { createProjectRoot, type Synthesized, synthTenant } from './synth-fixture.ts';

function poolStack(webOrigins?: string[]): { stack: Stack; pool: AppUserPool } {
  const app = new App();
  const stack = new Stack(app, 'PoolTest', { env: { region: 'eu-west-1', account: '111111111111' } });
  const pool = new AppUserPool(stack, 'AppUsers', {
    tenant: 'demo',
    administrations: ['DEMO', 'B2'],
    ...(webOrigins ? { webOrigins } : {}),
  });
  return { stack, pool };
}

/** Synthesis is slow on a busy shared machine; assertions are not. */
const SLOW = { timeout: 60_000 };

describe('AppUserPool', SLOW, () => {
  it('makes a closed, e-mail sign-in pool kept on deletion, with strong passwords, TOTP and threat protection', () => {
    // Prepare
    const { stack } = poolStack(['https://app.example.nl']);

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        UserPoolName: 'cashlink-demo',
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        UsernameAttributes: ['email'],
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      }),
    });
  });

  it('has the role groups and one adm:<CODE> group per administration', () => {
    // Prepare
    const { stack } = poolStack();

    // Act
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );

    // Assess
    expect(groups.sort()).toEqual(['adm:B2', 'adm:DEMO', 'bookkeeper', 'operator', 'read-only']);
  });

  it('has one public client: code grant with PKCE, no secret, callbacks on the web origins', () => {
    // Prepare
    const { stack, pool } = poolStack(['https://app.example.nl']);
    pool.addWebOrigin('https://d111.cloudfront.net');

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://app.example.nl/auth/callback', 'https://d111.cloudfront.net/auth/callback'],
      LogoutURLs: ['https://app.example.nl/', 'https://d111.cloudfront.net/'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'cashlink-demo' });
  });

  it('gives an HTTP API a JWT authorizer on the pool issuer and the client', () => {
    // Prepare
    const { stack, pool } = poolStack();
    const api = new apigw.HttpApi(stack, 'Api');

    // Act
    api.addRoutes({
      path: '/v1/app/{proxy+}',
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpUrlIntegration('Backend', 'https://example.nl'),
      authorizer: pool.authorizer,
    });
    const template = Template.fromStack(stack);

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('AppUsersUserPoolWebClient') }],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: Match.anyValue() }],
          ],
        },
      },
    });
  });

  it('leaves no cdk-nag finding unacknowledged', () => {
    // Prepare
    const { stack } = poolStack();

    // Act
    const findings = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
      pack.validateScope(stack).violations.map((v) => v.ruleName),
    );

    // Assess
    expect(findings).toEqual([]);
  });
});

describe('TenantStack with the app user pool', SLOW, () => {
  const project = createProjectRoot();
  let demo: Synthesized;
  beforeAll(() => {
    demo = synthTenant('demo', project.root);
  }, 120_000);
  afterAll(() => project.cleanup());

  it('exposes the pool and outputs its ids, and tells no function without user routes about it', () => {
    // Prepare
    const functions = demo.template.findResources('AWS::Lambda::Function');

    // Act
    const told = Object.values(functions).filter((fn) =>
      JSON.stringify((fn as { Properties: unknown }).Properties).includes('APP_USER_POOL_ID'),
    );

    // Assess
    expect(demo.stack.userPool).toBeInstanceOf(AppUserPool);
    demo.template.resourceCountIs('AWS::Cognito::UserPool', 1);
    expect(Object.keys(demo.template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['AppUserPoolId', 'AppClientId', 'AppTokenIssuer', 'AppSignInUrl']),
    );
    // The functions with `user` routes: app-api, and partner-api for the web app's API-key pages.
    const withUserRoutes = [...demo.stack.functions.keys()].filter((name) =>
      (connectors[name].triggers as ConnectorTriggers).http?.some((route) => route.access === 'user'),
    );
    expect(withUserRoutes.sort()).toEqual(['app-api', 'partner-api']);
    expect(told.length).toBe(withUserRoutes.length);
  });
});
