import { z } from 'zod';
import {
  CountryCode,
  CurrencyCode,
  JournalCode,
  LedgerAccount,
  RelationNumber,
  VatCode,
} from '../../../events/fields.ts';

const Rate = z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'a VAT rate like "21" or "5.5"');
const ArticleCode = z
  .string()
  .regex(/^[A-Z0-9._/-]{1,20}$/, 'a CASH article code: up to 20 of A-Z 0-9 . _ / -');

/**
 * How a shop's orders are booked in one administration: the per-shop booking settings of the tenant file
 * (`connectors.<platform>.settings.shops[].booking`). Every field has the default of a Dutch standard chart
 * (the CASH demo administration), so a shop books out of the box; errors name the field.
 */
export const ShopBookingSettings = z
  .object({
    /** Verkoopboek: one entry per order (without CASH Handel). */
    salesJournal: JournalCode.default('VK'),
    /** Memoriaal: the payment through the provider (transit account against the debtor). */
    memorialJournal: JournalCode.default('MEM'),
    /** The country the administration files VAT in; OSS and reverse charge are about the other EU countries. */
    homeCountry: CountryCode.default('NL'),
    /** The currency the administration books in; orders in another currency are rejected. */
    currency: CurrencyCode.default('EUR'),
    revenueLedgers: z.record(Rate, LedgerAccount).default({ '21': '8000', '9': '8010', '0': '8020' }),
    /** BTW-code per rate charged (home country). */
    vatCodes: z.record(Rate, VatCode).default({ '21': '2', '9': '1', '0': '0' }),
    /** Te betalen BTW per rate. */
    vatLedgers: z.record(Rate, LedgerAccount).default({ '21': '1510', '9': '1520' }),
    shippingLedger: LedgerAccount.optional().describe(
      'verzendkosten; absent = the revenue ledger of its rate',
    ),
    paymentCostLedger: LedgerAccount.optional().describe(
      'betaalkosten; absent = the revenue ledger of its rate',
    ),
    discountLedger: LedgerAccount.optional().describe('kortingen; absent = the revenue ledger of its rate'),
    feeLedger: LedgerAccount.optional().describe('other fees; absent = the revenue ledger of its rate'),
    giftCardLedger: LedgerAccount.default('1650').describe(
      'cadeaukaarten: a liability, redeemed as a payment',
    ),
    /** Tussenrekening per payment provider: the provider's payout clears it in the bank matcher. */
    transitLedgers: z
      .object({
        mollie: LedgerAccount.default('1180'),
        paypal: LedgerAccount.default('1181'),
        stripe: LedgerAccount.default('1182'),
        adyen: LedgerAccount.default('1183'),
        other: LedgerAccount.default('1189'),
      })
      .strict()
      .default({ mollie: '1180', paypal: '1181', stripe: '1182', adyen: '1183', other: '1189' }),
    debtorLedger: LedgerAccount.default('1300').describe('debiteuren (control account)'),
    /** `collective`: guests and consumers on one relation; `per-customer`: a relation for every buyer. */
    consumers: z.enum(['collective', 'per-customer']).default('collective'),
    collectiveDebtor: RelationNumber.default('9999').describe('the relation consumers are booked on'),
    reverseCharge: z
      .object({
        vatCode: VatCode.default('4').describe('intracommunautaire levering (rubriek 3b)'),
        revenueLedger: LedgerAccount.default('8030'),
      })
      .strict()
      .default({ vatCode: '4', revenueLedger: '8030' }),
    /** One-stop shop: VAT of the consumer's EU country, declared through the OSS return. */
    oss: z
      .object({
        enabled: z.boolean().default(false),
        /** BTW-code per (country, rate), e.g. `{ "BE": { "21": "O1", "6": "O2" } }`. */
        vatCodes: z.record(CountryCode, z.record(Rate, VatCode)).default({}),
        revenueLedger: LedgerAccount.default('8050'),
        vatLedger: LedgerAccount.default('1540'),
      })
      .strict()
      .default({ enabled: false, vatCodes: {}, revenueLedger: '8050', vatLedger: '1540' }),
    /** CASH Handel: article codes for SKUs and for the order's charges (like CASH's webwinkelfacturen). */
    articles: z
      .object({
        bySku: z.record(z.string().min(1), ArticleCode).default({}),
        /** Used for a SKU that is not a valid CASH article code and not in `bySku`. */
        unknownSku: ArticleCode.default('WEBSHOP'),
        shipping: ArticleCode.default('VERZENDKOSTEN'),
        paymentCost: ArticleCode.default('BETAALKOSTEN'),
        discount: ArticleCode.default('KORTING'),
        fee: ArticleCode.default('TOESLAG'),
        giftCard: ArticleCode.default('CADEAUKAART'),
        refund: ArticleCode.default('RETOUR'),
      })
      .strict()
      .default({
        bySku: {},
        unknownSku: 'WEBSHOP',
        shipping: 'VERZENDKOSTEN',
        paymentCost: 'BETAALKOSTEN',
        discount: 'KORTING',
        fee: 'TOESLAG',
        giftCard: 'CADEAUKAART',
        refund: 'RETOUR',
      }),
  })
  .strict();
export type ShopBookingSettings = z.infer<typeof ShopBookingSettings>;

export type BookingSettingsResult =
  | { ok: true; settings: ShopBookingSettings }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** The settings from the tenant file (or `{}` for all defaults); errors name the field (`oss.vatCodes.BE.21`). */
export function parseBookingSettings(input: unknown): BookingSettingsResult {
  const parsed = ShopBookingSettings.safeParse(input ?? {});
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    })),
  };
}
