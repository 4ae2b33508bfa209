import { isLocale, type Locale } from './i18n/index.ts';

/** `GET /config.json` from the server that serves the app (the hub's web server, S3 in AWS). */
export interface WebConfig {
  apiBase: string;
  issuer: string;
  clientId: string;
  redirectPath: string;
  locale: Locale;
}

/** config.json is missing a field or has one of the wrong kind; the message names field, rule and value. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Checks the parsed config.json; throws `ConfigError` naming the first field that is wrong. */
export function parseConfig(value: unknown): WebConfig {
  if (typeof value !== 'object' || value === null)
    throw new ConfigError(`config: rule object, value ${quote(value)}`);
  const record = value as Record<string, unknown>;
  const text = (field: string, required: boolean): string => {
    const v = record[field];
    if (v === undefined && !required) return '';
    if (typeof v !== 'string' || (required && v === '')) {
      throw new ConfigError(`config.${field}: rule non-empty-string, value ${quote(v)}`);
    }
    return v;
  };
  const issuer = text('issuer', true);
  if (!/^https?:\/\//.test(issuer))
    throw new ConfigError(`config.issuer: rule http-url, value ${quote(issuer)}`);
  const redirectPath = text('redirectPath', false) || '/auth/callback';
  if (!redirectPath.startsWith('/')) {
    throw new ConfigError(`config.redirectPath: rule absolute-path, value ${quote(redirectPath)}`);
  }
  return {
    apiBase: text('apiBase', false).replace(/\/+$/, ''),
    issuer,
    clientId: text('clientId', true),
    redirectPath,
    locale: isLocale(record.locale) ? record.locale : 'nl',
  };
}

export async function loadConfig(fetchFn: typeof fetch): Promise<WebConfig> {
  let response: Response;
  try {
    response = await fetchFn('/config.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (cause) {
    throw new ConfigError('config.json cannot be fetched', { cause });
  }
  if (!response.ok) throw new ConfigError(`config.json answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ConfigError('config.json is not JSON', { cause });
  }
  return parseConfig(body);
}
