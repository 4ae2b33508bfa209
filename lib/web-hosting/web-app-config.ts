/** `GET /config.json` beside the web app: where the browser finds the API and the sign-in provider (contract). */
export interface WebAppConfig {
  /** Prefix of API calls; `""` means the app's own origin (the web server or CloudFront proxies `/v1/*`). */
  apiBase: string;
  /** The OIDC issuer: Cognito's user pool (hosted UI) in AWS, the hub's local provider locally. */
  issuer: string;
  clientId: string;
  redirectPath: string;
  locale: 'nl';
}

/** The OIDC client id of the web app, in Cognito and at the local provider. */
export const WEB_APP_CLIENT_ID = 'cashlink-web';
export const WEB_APP_REDIRECT_PATH = '/auth/callback';

/** The config file for `issuer` (and `clientId`, Cognito's generated one in AWS). */
export function webAppConfig(issuer: string, clientId: string = WEB_APP_CLIENT_ID): WebAppConfig {
  return { apiBase: '', issuer, clientId, redirectPath: WEB_APP_REDIRECT_PATH, locale: 'nl' };
}
