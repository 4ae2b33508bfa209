import { createHmac } from 'node:crypto';

/**
 * CCV Shop's request and response signature (official SDK ccvshop/ccvshop-api, src/BaseEndpoint.php): hex
 * HMAC-SHA512 with the secret over `public|METHOD|uri|body|x-date`, uri = path + query
 * (`/api/rest/v1/orders?start=0&size=25`), body the exact JSON sent or received ('' for a GET request).
 */
export function ccvshopHash(input: {
  publicKey: string;
  secret: string;
  method: string;
  uri: string;
  body: string;
  date: string;
}): string {
  const text = [input.publicKey, input.method.toUpperCase(), input.uri, input.body, input.date].join('|');
  return createHmac('sha512', input.secret).update(text, 'utf8').digest('hex');
}

/** `x-date` as PHP's `gmdate('c')` writes it: `2026-12-02T16:34:56+00:00` (seconds, `+00:00`). */
export function ccvshopDate(at: Date): string {
  return `${at.toISOString().slice(0, 19)}+00:00`;
}
