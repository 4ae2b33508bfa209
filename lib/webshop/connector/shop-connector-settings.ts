import { z } from 'zod';
import { commonSettings } from '../../tenant/connector-settings.ts';
import { parseBookingSettings } from '../mapping/booking-settings.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const ShopName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'lower-case letters, digits and dashes, at most 40 (part of the webhook URL)',
  );

const BaseUrl = z
  .string()
  .url('an address like https://shop.example')
  .refine((raw) => {
    const url = new URL(raw);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'https (plain http only to 127.0.0.1: the keys must not travel in the clear)');

const RatePercent = z.string().regex(/^\d{1,2}(\.\d{1,2})?$/, 'a VAT rate in percent, e.g. "21" or "9"');

/** How CASH articles go to the shop: the mapping of the outbound direction. */
const ArticleExportSettings = z
  .object({
    enabled: z.boolean().default(true).describe('articles, prices and stock from CASH to this shop'),
    pricesIncludeVat: z
      .boolean()
      .default(true)
      .describe("the shop's prices are entered incl. VAT (WooCommerce: Prices entered with tax)"),
    vatCodes: z
      .record(
        z.string().min(1).max(4),
        z
          .object({
            ratePercent: RatePercent,
            taxClass: z
              .string()
              .max(100)
              .describe("the shop's tax class (WooCommerce: '' standard, reduced-rate, zero-rate)"),
          })
          .strict(),
      )
      .default({})
      .describe('CASH VAT code → the rate and the shop tax class'),
    categories: z
      .record(z.string().min(1).max(20), z.string().min(1).max(100))
      .default({})
      .describe("CASH article group → the shop's category id"),
    groups: z
      .array(z.string().min(1).max(20))
      .optional()
      .describe('only articles of these groups go to the shop; all when absent'),
  })
  .strict();

/** One shop of a platform, as the tenant file lists it under `connectors.<platform>.settings.shops[]`. */
export const ShopSettings = z
  .object({
    name: ShopName.describe("the tenant's name for the shop"),
    administration: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'an administration code'),
    baseUrl: BaseUrl.describe("the shop's address"),
    handel: z
      .boolean()
      .default(false)
      .describe('the administration has CASH Handel: orders become sales orders'),
    booking: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((booking, context) => {
        const parsed = parseBookingSettings(booking);
        if (!parsed.ok)
          for (const issue of parsed.issues)
            context.addIssue({
              code: 'custom',
              message: issue.message,
              path: issue.path === '(root)' ? [] : issue.path.split('.'),
            });
      })
      .describe('booking settings of the order mapping (ledger accounts, VAT codes, OSS, transit accounts)'),
    secretName: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'a Secrets Manager secret name')
      .optional()
      .describe('default cashlink/<tenant>/<platform>/<shop>'),
    webhooks: z.boolean().default(true).describe('the shop sends signed order webhooks'),
    pollOverlapMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15)
      .describe('each poll reads again this far back from the last change it saw (late or lost changes)'),
    initialLookbackDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(7)
      .describe('the first poll reads this far back'),
    articles: ArticleExportSettings.default({
      enabled: true,
      pricesIncludeVat: true,
      vatCodes: {},
      categories: {},
    }),
  })
  .strict();
export type ShopSettings = z.infer<typeof ShopSettings>;

/** The settings of a webshop connector: its shops, names unique. */
export const shopConnectorSettings = z
  .object({
    ...commonSettings,
    shops: z.array(ShopSettings).default([]),
  })
  .strict()
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.shops.forEach((shop, index) => {
      if (seen.has(shop.name))
        context.addIssue({
          code: 'custom',
          message: `shop name "${shop.name}" is used twice`,
          path: ['shops', index, 'name'],
        });
      seen.add(shop.name);
    });
  });
export type ShopConnectorSettings = z.infer<typeof shopConnectorSettings>;

/** The secret holding a shop's credentials. */
export function shopSecretName(tenant: string, platform: string, shop: ShopSettings): string {
  return shop.secretName ?? `cashlink/${tenant}/${platform}/${shop.name}`;
}
