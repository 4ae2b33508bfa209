export {
  contentSecurityPolicy,
  contentSecurityPolicyFor,
  HSTS_MAX_AGE_SECONDS,
  issuerOrigin,
  securityHeaders,
} from './security-headers.ts';
export { SPA_REWRITE_FUNCTION_CODE } from './spa-rewrite.ts';
export {
  WEB_APP_CLIENT_ID,
  WEB_APP_REDIRECT_PATH,
  type WebAppConfig,
  webAppConfig,
} from './web-app-config.ts';
