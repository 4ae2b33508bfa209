import { type BankImportSettings, bankImportSettings, type TenantRuntimeConfig } from '../../tenant/index.ts';
import type { MatcherOptions, ShortPaymentTolerance } from '../matching/index.ts';

/**
 * The bank-import settings of a tenant, validated again (TENANT_CONFIG may have been edited in the
 * console); for the bank-import function and the partner API's corrections alike.
 */
export function bankImportSettingsOf(config: Pick<TenantRuntimeConfig, 'connectors'>): BankImportSettings {
  return bankImportSettings.parse(config.connectors['bank-import']?.settings ?? {});
}

/** The matcher options a tenant configured. */
export function matcherOptions(settings: BankImportSettings): MatcherOptions {
  return {
    ...(settings.tolerance ? { tolerance: settings.tolerance } : {}),
    ...(settings.autoThreshold !== undefined ? { autoThreshold: settings.autoThreshold } : {}),
    ...(settings.autoMargin !== undefined ? { autoMargin: settings.autoMargin } : {}),
    ...(settings.autoBookPartialPayments !== undefined
      ? { autoBookPartialPayments: settings.autoBookPartialPayments }
      : {}),
    ...(settings.shortPaymentTolerance
      ? { shortPaymentTolerance: shortPaymentTolerance(settings.shortPaymentTolerance) }
      : {}),
  };
}

/** The tenant's percentage as whole basis points (2.5 % → 250): validated to two decimals, so exact. */
function shortPaymentTolerance(setting: { percent?: number; cents?: number }): ShortPaymentTolerance {
  return {
    ...(setting.percent !== undefined ? { basisPoints: Math.round(setting.percent * 100) } : {}),
    ...(setting.cents !== undefined ? { cents: setting.cents } : {}),
  };
}
