import { Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { APP_ROLES } from '../../lib/identity/app-user.ts';
import { administrationGroup } from '../../lib/identity/app-user-claims.ts';

export interface AppUserPoolProps {
  tenant: string;
  /** Administration codes of the tenant: one `adm:<CODE>` group each. */
  administrations: readonly string[];
  /**
   * Origins of the web app (`https://…`, may be tokens such as a CloudFront domain); more can be added with
   * `addWebOrigin`. Sign-in returns to `<origin>/auth/callback`, sign-out to `<origin>/`. With none, the
   * client allows `http://localhost:3001` only (a developer's web server against this pool).
   */
  webOrigins?: readonly string[];
  /** Path the web app receives the code on; default `/auth/callback` (CONTRACT.md `redirectPath`). */
  redirectPath?: string;
}

const ROLE_PRECEDENCE: Record<(typeof APP_ROLES)[number], number> = {
  operator: 1,
  bookkeeper: 2,
  'read-only': 3,
};
const DEVELOPER_ORIGIN = 'http://localhost:3001';

/**
 * The web app's sign-in: a Cognito user pool (no self sign-up, e-mail sign-in, strong passwords, optional
 * TOTP MFA, Plus plan threat protection enforcing, kept on stack deletion), the role groups and one
 * `adm:<CODE>` group per administration, one public app client (authorization code + PKCE, no secret),
 * the hosted UI domain `cashlink-<tenant>`, and a JWT authorizer the app routes of the HTTP API can use.
 */
export class AppUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** Validates the access token's issuer and `client_id` at the gateway; the app-api function checks it again. */
  readonly authorizer: HttpJwtAuthorizer;
  private readonly origins: string[];

  constructor(scope: Construct, id: string, props: AppUserPoolProps) {
    super(scope, id);
    this.origins = [...(props.webOrigins ?? [])];
    const redirectPath = props.redirectPath ?? '/auth/callback';

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `cashlink-${props.tenant}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      userInvitation: {
        emailSubject: 'Uw toegang tot cashlink',
        emailBody:
          'U hebt toegang tot cashlink gekregen. Meld u aan met {username} en het tijdelijke wachtwoord {####}.',
      },
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP): bookkeepers sign in from shared office machines first; threat protection (Plus plan, enforcing) asks risky sign-ins for more.',
    });

    for (const role of APP_ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        precedence: ROLE_PRECEDENCE[role],
        description: `cashlink role ${role}`,
      });
    }
    for (const code of props.administrations) {
      new cognito.CfnUserPoolGroup(this, `Group-adm-${code}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: administrationGroup(code),
        precedence: 10,
        description: `cashlink administration ${code}`,
      });
    }

    const urls = (suffix: string) =>
      Lazy.list({
        produce: () =>
          (this.origins.length > 0 ? this.origins : [DEVELOPER_ORIGIN]).map((o) => `${o}${suffix}`),
      });
    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: `cashlink-${props.tenant}-web`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: urls(redirectPath),
        logoutUrls: urls('/'),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `cashlink-${props.tenant}` },
    });

    this.authorizer = new HttpJwtAuthorizer('AppUserAuthorizer', this.issuer, {
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** Adds a web origin (e.g. the CloudFront domain) to the client's callback and sign-out URLs. */
  addWebOrigin(origin: string): void {
    this.origins.push(origin);
  }

  /** The token issuer: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  get issuer(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  get userPoolId(): string {
    return this.userPool.userPoolId;
  }

  get clientId(): string {
    return this.client.userPoolClientId;
  }

  /** The hosted UI's base URL (`https://cashlink-<tenant>.auth.<region>.amazoncognito.com`). */
  get hostedUiUrl(): string {
    return `https://${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }
}
