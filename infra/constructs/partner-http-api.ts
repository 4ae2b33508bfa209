import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRouteDefinition } from '../connectors.ts';
import type { PartnerApi } from '../tenant-config.ts';

export interface PartnerHttpApiProps {
  tenant: string;
  settings: PartnerApi;
  logRetention: logs.RetentionDays;
}

/**
 * The tenant's HTTP API: the partner API (authorized by IAM or JWT) and the connector webhooks (open at
 * the gateway; each handler verifies its source's signature, e.g. WooCommerce's HMAC).
 */
export class PartnerHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  private readonly partnerAuthorizer: apigw.IHttpRouteAuthorizer;

  constructor(scope: Construct, id: string, props: PartnerHttpApiProps) {
    super(scope, id);
    const auth = props.settings.authorization;
    this.partnerAuthorizer =
      auth.type === 'jwt'
        ? new authorizers.HttpJwtAuthorizer('PartnerJwt', auth.issuer, { jwtAudience: auth.audience })
        : new authorizers.HttpIamAuthorizer();

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

  addRoutes(route: HttpRouteDefinition, handler: lambda.IFunction, connector: string): void {
    const integration = new integrations.HttpLambdaIntegration(`${connector}-integration`, handler);
    const routes = this.api.addRoutes({
      path: route.path,
      methods: [apigw.HttpMethod[route.method]],
      integration,
      ...(route.access === 'partner' ? { authorizer: this.partnerAuthorizer } : {}),
    });
    if (route.access === 'webhook') {
      for (const created of routes) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Webhook senders (webshops, POS) cannot sign with IAM or JWT; the handler verifies their HMAC signature.',
        });
      }
    }
  }
}
