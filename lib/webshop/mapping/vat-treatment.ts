import type { ShopChargeLine, ShopFinding, ShopOrder, ShopOrderLine } from '../shop-order.ts';
import { deriveRatePercent, rateHundredths, rateText } from '../vat-rate.ts';
import type { ShopBookingSettings } from './booking-settings.ts';
import { EU_COUNTRIES, euVatIdCountry } from './eu-vat-id.ts';

/** How the order's VAT is declared: at home, reverse-charged to an EU business (rubriek 3b), or through OSS. */
export type VatTreatment =
  | { kind: 'domestic' }
  | { kind: 'reverse-charge'; country: string }
  | { kind: 'oss'; country: string };

/** A product line or a charge, with the rate it is booked at. */
export type BookedPart = (ShopOrderLine & { kind: 'product' }) | ShopChargeLine;

/** Ledger and codes one part is booked with; `missing` names the setting that lacks a value. */
export interface PartCodes {
  ledgerAccount: string;
  vatCode?: string;
  vatLedger?: string;
}

/** A rate as the settings key it (`"21.00"` → `"21"`), so `"21"`, `"21.0"` and `"21.00"` find the same code. */
export function normalRate(rate: string): string {
  const hundredths = rateHundredths(rate);
  return hundredths === undefined ? rate : rateText(hundredths);
}

/** The part's rate: as the shop says, else derived from its amounts; gift cards carry none. */
export function rateOf(part: BookedPart): string | undefined {
  if (part.kind === 'gift-card') return undefined;
  if (part.ratePercent !== undefined) return normalRate(part.ratePercent);
  return part.netCents === 0 && part.vatCents === 0 ? '0' : deriveRatePercent(part.netCents, part.vatCents);
}

/**
 * Decides the treatment: a syntactically valid VAT id of another EU country with no VAT charged is an
 * intra-community supply (reverse charge); a consumer in another EU country with OSS on pays that country's VAT;
 * a VAT id with VAT charged is booked as the shop charged it (a warning says so).
 */
export function vatTreatmentOf(
  order: ShopOrder,
  settings: ShopBookingSettings,
  findings: ShopFinding[],
): VatTreatment {
  const home = settings.homeCountry;
  const vatId = order.customer.vatId;
  const vatCountry = vatId ? euVatIdCountry(vatId) : undefined;
  const destination = order.shippingCountryCode ?? order.customer.countryCode ?? home;
  const vatCharged = order.totals.vatCents !== 0;
  if (vatId && !vatCountry) {
    findings.push({
      rule: 'vat-id-format',
      message: `VAT id ${JSON.stringify(vatId.slice(0, 20))} is not a valid EU VAT number; the buyer is treated as a consumer`,
      path: 'customer.vatId',
      severity: 'warning',
    });
  }
  const foreignBusiness = vatCountry !== undefined && vatCountry !== home;
  if ((foreignBusiness || order.reverseCharge) && !vatCharged) {
    return { kind: 'reverse-charge', country: vatCountry ?? destination };
  }
  if (foreignBusiness && vatCharged) {
    findings.push({
      rule: 'vat-id-but-vat-charged',
      message: `the buyer has EU VAT id ${vatId} but the shop charged ${order.totals.vatCents} cents VAT; booked as charged`,
      path: 'totals.vatCents',
      severity: 'warning',
    });
  }
  if (settings.oss.enabled && destination !== home && EU_COUNTRIES.has(destination) && !foreignBusiness) {
    return { kind: 'oss', country: destination };
  }
  if (!vatCharged && destination !== home && EU_COUNTRIES.has(destination) && order.lines.length > 0) {
    findings.push({
      rule: 'eu-without-vat',
      message: `no VAT charged on a delivery to ${destination} without a valid EU VAT id of the buyer`,
      path: 'totals.vatCents',
      severity: 'error',
    });
  }
  return { kind: 'domestic' };
}

/** The ledger account of a part before VAT: the charge's own ledger, else the revenue ledger of the treatment. */
function ledgerOf(
  part: BookedPart,
  revenue: string | undefined,
  settings: ShopBookingSettings,
): string | undefined {
  switch (part.kind) {
    case 'shipping':
      return settings.shippingLedger ?? revenue;
    case 'payment-cost':
      return settings.paymentCostLedger ?? revenue;
    case 'discount':
      return settings.discountLedger ?? revenue;
    case 'fee':
      return settings.feeLedger ?? revenue;
    case 'gift-card':
      return settings.giftCardLedger;
    default:
      return revenue;
  }
}

/** Ledger, VAT code and VAT ledger of one part, or a finding naming the setting that is missing. */
export function codesOf(
  part: BookedPart,
  rate: string | undefined,
  treatment: VatTreatment,
  settings: ShopBookingSettings,
  at: string,
): { codes: PartCodes } | { finding: ShopFinding } {
  const missing = (setting: string, what: string): { finding: ShopFinding } => ({
    finding: {
      rule: 'settings-missing',
      message: `${what}: settings.${setting} has no value`,
      path: at,
      severity: 'error',
    },
  });
  if (part.kind === 'gift-card') return { codes: { ledgerAccount: settings.giftCardLedger } };
  if (rate === undefined) {
    return {
      finding: {
        rule: 'rate-unknown',
        message: `the VAT rate of ${JSON.stringify(part.description.slice(0, 40))} cannot be determined (net ${part.netCents}, VAT ${part.vatCents} cents)`,
        path: at,
        severity: 'error',
      },
    };
  }
  if (treatment.kind === 'reverse-charge') {
    const ledgerAccount = ledgerOf(part, settings.reverseCharge.revenueLedger, settings) as string;
    return { codes: { ledgerAccount, vatCode: settings.reverseCharge.vatCode } };
  }
  if (treatment.kind === 'oss') {
    const vatCode = settings.oss.vatCodes[treatment.country]?.[rate];
    if (!vatCode)
      return missing(
        `oss.vatCodes.${treatment.country}.${rate}`,
        `OSS VAT code for ${treatment.country} at ${rate}%`,
      );
    const ledgerAccount = ledgerOf(part, settings.oss.revenueLedger, settings) as string;
    return { codes: { ledgerAccount, vatCode, vatLedger: settings.oss.vatLedger } };
  }
  const vatCode = settings.vatCodes[rate];
  if (!vatCode) return missing(`vatCodes.${rate}`, `VAT code for ${rate}%`);
  const ledgerAccount = ledgerOf(part, settings.revenueLedgers[rate], settings);
  if (!ledgerAccount) return missing(`revenueLedgers.${rate}`, `revenue ledger for ${rate}%`);
  const vatLedger = settings.vatLedgers[rate];
  if (!vatLedger && part.vatCents !== 0) return missing(`vatLedgers.${rate}`, `VAT ledger for ${rate}%`);
  return { codes: { ledgerAccount, vatCode, ...(vatLedger ? { vatLedger } : {}) } };
}
