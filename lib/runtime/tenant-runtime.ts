import { TenantConfig, type TenantRuntimeConfig } from '../../infra/tenant-config.ts';
import { ENV, requireEnv } from './env.ts';

let cached: TenantRuntimeConfig | undefined;

/** The tenant configuration the stack put into TENANT_CONFIG, validated with the same schema as the file. */
export function tenantRuntimeConfig(): TenantRuntimeConfig {
  if (cached) return cached;
  const raw = JSON.parse(requireEnv(ENV.tenantConfig)) as unknown;
  const parsed = TenantConfig.omit({ deployment: true }).parse(raw);
  cached = parsed as TenantRuntimeConfig;
  return cached;
}
