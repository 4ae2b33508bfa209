import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRouteDefinition, PartnerApi } from '../../lib/tenant/index.ts';

export interface PartnerHttpApiProps {
  tenant: string;
  settings: PartnerApi;
  logRetention: logs.RetentionDays;
}

/**
 * The tenant's HTTP API: the partner API, the connector webhooks and the web app's API. Partner and webhook
 * routes have no gateway authorizer: the partner-api function authenticates every request itself (API keys per partner, stored hashed, or
 * HMAC signatures) because the key's grants (administrations, event types, rate limit) are checked there
 * too; webhook handlers verify their source's signature.
 */
export class PartnerHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PartnerHttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `cashlink-${props.tenant}`,
      description: `cashlink partner API and webhooks for ${props.tenant}`,
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.settings.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
  }

  /** The API's base URL (the `$default` stage). */
  get url(): string {
    return this.stage.url;
  }

  /**
   * Adds a connector's route. `user` routes (the web app) take the user pool's JWT authorizer when the
   * stack has one; the function verifies the token itself as well (and is the only check without a pool).
   */
  addRoutes(
    route: HttpRouteDefinition,
    handler: lambda.IFunction,
    connector: string,
    authorizer?: apigw.IHttpRouteAuthorizer,
  ): void {
    const integration = new integrations.HttpLambdaIntegration(`${connector}-integration`, handler);
    const routes = this.api.addRoutes({
      path: route.path,
      methods: [apigw.HttpMethod[route.method]],
      integration,
      ...(route.access === 'user' && authorizer ? { authorizer } : {}),
    });
    if (route.access === 'user' && authorizer) return;
    const reason =
      route.access === 'webhook'
        ? 'Webhook senders (webshops, POS) cannot sign with IAM or JWT; the handler verifies their HMAC signature.'
        : route.access === 'user'
          ? 'The app-api function verifies each user’s Cognito access token itself (aws-jwt-verify) and checks role and administration on every route.'
          : 'The partner-api function authenticates each request itself (hashed API keys or HMAC signatures) and checks the key grants and rate limit.';
    for (const created of routes) Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason });
  }
}
