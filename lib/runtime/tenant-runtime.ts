import { parseRuntimeConfig, type TenantRuntimeConfig } from '../tenant/index.ts';
import { ENV, requireEnv } from './env.ts';

let cached: { json: string; config: TenantRuntimeConfig } | undefined;

/** The tenant configuration the stack put into TENANT_CONFIG, validated with the same schema as the file. */
export function tenantRuntimeConfig(): TenantRuntimeConfig {
  const json = requireEnv(ENV.tenantConfig);
  if (cached?.json !== json) cached = { json, config: parseRuntimeConfig(json) };
  return cached.config;
}
