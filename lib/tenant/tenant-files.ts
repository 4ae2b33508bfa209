import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tenant } from '../../events/fields.ts';
import { parseTenantConfig } from './parse-tenant-config.ts';
import type { TenantConfig } from './tenant-config.ts';
import { TenantConfigError } from './tenant-config-error.ts';

/** Reads `<directory>/<tenant>.json`, validates it and checks that its `tenant` matches the file name. */
export function loadTenantConfig(tenant: string, directory: string): TenantConfig {
  const file = join(directory, `${tenant}.json`);
  if (!Tenant.safeParse(tenant).success) {
    throw new TenantConfigError(file, [
      { field: 'tenant', message: `"${tenant}" is not a valid tenant name` },
    ]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new TenantConfigError(file, [{ field: '(file)', message: 'cannot be read' }], { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new TenantConfigError(
      file,
      [{ field: '(file)', message: `not valid JSON: ${(cause as Error).message}` }],
      {
        cause,
      },
    );
  }
  const config = parseTenantConfig(json, file);
  if (config.tenant !== tenant) {
    throw new TenantConfigError(file, [
      { field: 'tenant', message: `is "${config.tenant}" but the file is named ${tenant}.json` },
    ]);
  }
  return config;
}

/** Names of all tenant files in a directory, sorted. */
export function listTenants(directory: string): string[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}
