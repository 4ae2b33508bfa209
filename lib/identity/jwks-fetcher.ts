import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';

/** Largest JWKS document read; a real one is a few KB. */
const MAX_JWKS_BYTES = 64 * 1024;
const TIMEOUT_MS = 3_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Fetches a JWKS for aws-jwt-verify with the runtime's `fetch`: HTTPS anywhere, plain HTTP only on this
 * machine (the hub's sign-in provider on 127.0.0.1; aws-jwt-verify's own fetcher speaks HTTPS only).
 * Answers other than 200 and bodies over 64 KB are refused.
 */
export class JwksFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const url = new URL(uri);
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))))
      throw new NonRetryableFetchError(uri, 'JWKS must be fetched over HTTPS (plain HTTP on 127.0.0.1 only)');
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    } catch (error) {
      throw new FetchError(uri, (error as Error).message);
    }
    if (response.status !== 200)
      throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    const body = await response.arrayBuffer();
    if (body.byteLength > MAX_JWKS_BYTES)
      throw new NonRetryableFetchError(uri, `JWKS is larger than ${MAX_JWKS_BYTES} bytes`);
    return body;
  }
}
