import { ApiError, type Problem } from './api-error.ts';

export interface ApiAuth {
  /** A valid access token, or undefined when signed out. */
  accessToken(): Promise<string | undefined>;
  /** The API answered 401: the session is over, sign in again. */
  unauthorized(): void;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** Calls the app API with the signed-in user's bearer token; error statuses become `ApiError`s. */
export class ApiClient {
  constructor(
    private readonly base: string,
    private readonly auth: ApiAuth,
    private readonly fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.#json<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.#json<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.#json<T>('PUT', path, body);
  }

  delete<T = unknown>(path: string): Promise<T> {
    return this.#json<T>('DELETE', path);
  }

  /** A file (original, PDF, UBL) as a Blob, fetched with the token (a plain link could not send it). */
  async blob(path: string): Promise<Blob> {
    const response = await this.#send('GET', path, undefined, '*/*');
    return response.blob();
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#send(method, path, body, 'application/json');
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async #send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
    const token = await this.auth.accessToken();
    if (!token) {
      this.auth.unauthorized();
      throw new ApiError(401, { title: 'Unauthorized' });
    }
    const headers: Record<string, string> = { accept, authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFn(`${this.base}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (cause) {
      throw new ApiError(0, undefined, { cause });
    }
    if (response.ok) return response;
    const problem = await readProblem(response);
    if (response.status === 401) this.auth.unauthorized();
    throw new ApiError(response.status, problem);
  }
}

async function readProblem(response: Response): Promise<Problem | undefined> {
  try {
    const value: unknown = JSON.parse(await response.text());
    return typeof value === 'object' && value !== null ? (value as Problem) : undefined;
  } catch {
    return undefined;
  }
}

/** `path?name=value…` with empty values left out. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** A path segment from a value (ids, codes): always encoded. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
