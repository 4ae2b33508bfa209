export {
  contentSecurityPolicy,
  HSTS_MAX_AGE_SECONDS,
  issuerOrigin,
  securityHeaders,
} from './security-headers.ts';
export {
  WEB_APP_CLIENT_ID,
  WEB_APP_REDIRECT_PATH,
  type WebAppConfig,
  webAppConfig,
} from './web-app-config.ts';
