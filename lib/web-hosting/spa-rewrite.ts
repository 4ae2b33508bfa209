/**
 * The CloudFront Function (cloudfront-js-2.0, viewer request) that gives the app's routes index.html, as
 * the hub's web server does: a path whose last segment has no extension (`/documenten/evt_1`) is an app
 * route; a path naming a file (`/assets/index-Bq3xK9_a.js`, `/config.json`) goes to S3 as it is. `/v1/*`
 * has its own behaviour (the HTTP API) and never reaches this function.
 */
export const SPA_REWRITE_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}
`;
