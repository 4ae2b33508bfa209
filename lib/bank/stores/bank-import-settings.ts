import { type BankImportSettings, bankImportSettings } from '../../../infra/connectors.ts';
import type { TenantRuntimeConfig } from '../../../infra/tenant-config.ts';

/**
 * The bank-import settings of a tenant, validated again (TENANT_CONFIG may have been edited in the
 * console); for the bank-import function and the partner API's corrections alike.
 */
export function bankImportSettingsOf(config: Pick<TenantRuntimeConfig, 'connectors'>): BankImportSettings {
  return bankImportSettings.parse(config.connectors['bank-import']?.settings ?? {});
}
