/** A request as the identity server hands it to its handlers (already read, body at most 16 KB). */
export interface ProviderRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  /** The peer's address (the server answers loopback peers only). */
  remoteAddress: string;
}

export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): ProviderResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(value),
  };
}

export function html(status: number, body: string): ProviderResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body,
  };
}

export function redirect(location: string): ProviderResponse {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}
