export { ApiProxy, type ApiProxyOptions, answerHeadersOf, forwardedRequestHeaders } from './api-proxy.ts';
export { contentTypeOf } from './content-types.ts';
export {
  IMMUTABLE,
  REVALIDATE,
  type StaticAnswer,
  type StaticFile,
  StaticFiles,
  type StaticRefusal,
} from './static-files.ts';
export { startWebApp, type WebAppStartup } from './web-app-startup.ts';
export { ensureWebBuild, type WebBuildState } from './web-build.ts';
export { DEFAULT_WEB_PORT, type WebRequestReport, WebServer, type WebServerOptions } from './web-server.ts';
export { WebServerError } from './web-server-error.ts';
