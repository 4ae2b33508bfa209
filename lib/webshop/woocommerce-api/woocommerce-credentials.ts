import { z } from 'zod';

/**
 * The shop's secret in Secrets Manager (`cashlink/<tenant>/woocommerce/<shop>`): the REST API key pair made in
 * WooCommerce → Settings → Advanced → REST API (Read/Write), and the secret of the shop's order webhooks.
 */
export const WooCommerceCredentials = z
  .object({
    consumerKey: z.string().regex(/^ck_[A-Za-z0-9]{8,64}$/, 'a WooCommerce consumer key (ck_…)'),
    consumerSecret: z.string().regex(/^cs_[A-Za-z0-9]{8,64}$/, 'a WooCommerce consumer secret (cs_…)'),
    webhookSecret: z.string().min(8, 'at least 8 characters'),
  })
  .strict();
export type WooCommerceCredentials = z.infer<typeof WooCommerceCredentials>;

/** The secret's name for a shop of a tenant. */
export function wooCommerceSecretName(tenant: string, shop: string): string {
  return `cashlink/${tenant}/woocommerce/${shop}`;
}
