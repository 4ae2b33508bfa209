import { randomBytes } from 'node:crypto';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { WooCommerceSimulator } from '../../lib/webshop/woocommerce-api/index.ts';
import { HubError } from '../hub-error.ts';
import type { StackTemplate } from '../template/stack-template.ts';

export interface LocalShop {
  name: string;
  /** As the tenant file names it, and where the simulator listens. */
  baseUrl: string;
  secretName: string;
  simulator: WooCommerceSimulator;
  url: string;
}

interface ShopEntry {
  name?: unknown;
  baseUrl?: unknown;
  secretName?: unknown;
  webhooks?: unknown;
}

/**
 * A WooCommerce simulator for every WooCommerce shop of the tenant whose `baseUrl` is on this machine, with
 * fresh keys each start (handed to the functions as the shop's secret) and the order webhooks pointed at the
 * hub's `/webhooks/woocommerce/<shop>` once the HTTP API listens.
 */
export class LocalShops {
  readonly shops: LocalShop[] = [];

  constructor(
    private readonly template: StackTemplate,
    private readonly tenant: string,
    /** Port for the (first) simulator; default the tenant file's, 0 any free one. */
    private readonly port?: number,
  ) {}

  private entries(): ShopEntry[] {
    for (const fn of this.template.functions) {
      const raw = fn.environment.TENANT_CONFIG;
      if (typeof raw !== 'string') continue;
      const config = JSON.parse(raw) as {
        connectors?: { woocommerce?: { enabled?: boolean; settings?: { shops?: ShopEntry[] } } };
      };
      const woo = config.connectors?.woocommerce;
      return woo?.enabled ? (woo.settings?.shops ?? []) : [];
    }
    return [];
  }

  async start(): Promise<void> {
    for (const entry of this.entries()) {
      if (typeof entry.name !== 'string' || typeof entry.baseUrl !== 'string') continue;
      const base = new URL(entry.baseUrl);
      if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') continue;
      const simulator = new WooCommerceSimulator({
        consumerKey: `ck_${randomBytes(20).toString('hex')}`,
        consumerSecret: `cs_${randomBytes(20).toString('hex')}`,
      });
      seedDemoCatalogue(simulator);
      const port = this.shops.length === 0 && this.port !== undefined ? this.port : Number(base.port || '80');
      const url = await simulator.start(port).catch((error: unknown) => {
        throw new HubError(
          `Cannot start the WooCommerce simulator for shop ${entry.name} on port ${port}: ${errorMessage(error)}`,
          { cause: error },
        );
      });
      this.shops.push({
        name: entry.name,
        baseUrl: entry.baseUrl,
        secretName:
          typeof entry.secretName === 'string'
            ? entry.secretName
            : `cashlink/${this.tenant}/woocommerce/${entry.name}`,
        simulator,
        url,
      });
    }
  }

  /** The shops' secrets as the functions read them (`CASHLINK_SECRETS`). */
  secrets(webhookSecret: (shop: LocalShop) => string = () => this.webhookSecret): Record<string, string> {
    return Object.fromEntries(
      this.shops.map((shop) => {
        const { consumerKey, consumerSecret } = shop.simulator.credentials;
        return [
          shop.secretName,
          JSON.stringify({ consumerKey, consumerSecret, webhookSecret: webhookSecret(shop) }),
        ];
      }),
    );
  }

  /** Points each shop's order webhooks at the hub's HTTP API. */
  registerWebhooks(api: string): void {
    for (const shop of this.shops)
      for (const topic of ['order.created', 'order.updated'])
        shop.simulator.addWebhook({
          topic,
          deliveryUrl: `${api}/webhooks/woocommerce/${shop.name}`,
          secret: this.webhookSecret,
        });
  }

  /** A function's `TENANT_CONFIG` with each simulated shop's `baseUrl` where its simulator listens. */
  tenantConfigFor(raw: string): string {
    const moved = this.shops.filter((shop) => new URL(shop.baseUrl).origin !== new URL(shop.url).origin);
    if (moved.length === 0) return raw;
    const config = JSON.parse(raw) as {
      connectors?: { woocommerce?: { settings?: { shops?: ShopEntry[] } } };
    };
    for (const entry of config.connectors?.woocommerce?.settings?.shops ?? []) {
      const shop = moved.find((s) => s.name === entry.name);
      if (shop) entry.baseUrl = shop.url;
    }
    return JSON.stringify(config);
  }

  async stop(): Promise<void> {
    for (const shop of this.shops) await shop.simulator.stop();
  }

  private readonly webhookSecret = randomBytes(24).toString('base64url');
}

/** A few products to order in the demo shop (`POST <shop>/__admin/orders`). */
function seedDemoCatalogue(simulator: WooCommerceSimulator): void {
  for (const [sku, name, price] of [
    ['FIETS-CITY', 'Stadsfiets', '499.00'],
    ['BEL-01', 'Fietsbel', '7.50'],
    ['SLOT-KETTING', 'Kettingslot', '39.95'],
  ] as const)
    simulator.store.createProduct({
      sku,
      name,
      regular_price: price,
      manage_stock: true,
      stock_quantity: 25,
    });
}
