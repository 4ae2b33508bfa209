import { DocumentStore } from '../../lib/documents/index.ts';
import { ArchiveWriter } from '../../lib/intake/archive-writer.ts';
import { awsClients } from '../../lib/runtime/aws-clients.ts';
import { ENV, requireEnv } from '../../lib/runtime/env.ts';
import { EventPublisher } from '../../lib/runtime/event-publisher.ts';
import { logOf, observability } from '../../lib/runtime/powertools.ts';
import { readSecretText } from '../../lib/runtime/secrets.ts';
import { tenantRuntimeConfig } from '../../lib/runtime/tenant-runtime.ts';
import {
  createShopConnectorHandler,
  DynamoHighWaterMarks,
  ShopOrderIntake,
  ShopOrderPoller,
  type ShopSettings,
  ShopWebhookReceiver,
  shopConnectorSettings,
  shopSecretName,
} from '../../lib/webshop/connector/index.ts';
import { mapShopOrder } from '../../lib/webshop/mapping/index.ts';
import { woocommercePlatform } from '../../lib/webshop/woocommerce/index.ts';
import { WooCommerceClient, WooCommerceCredentials } from '../../lib/webshop/woocommerce-api/index.ts';

const tools = observability('woocommerce');
const log = logOf(tools.logger);
const config = tenantRuntimeConfig();
const clients = awsClients();
const documentsTable = requireEnv(ENV.documentsTable);
const documents = new DocumentStore(clients.documents, documentsTable);
const settings = shopConnectorSettings.parse(config.connectors.woocommerce?.settings ?? {});
const shops = () => settings.shops;

/** The shop's key pair and webhook secret, never logged; a malformed secret names its field, not its value. */
async function credentialsOf(shop: ShopSettings): Promise<WooCommerceCredentials> {
  const name = shopSecretName(config.tenant, 'woocommerce', shop);
  const parsed = WooCommerceCredentials.safeParse(JSON.parse(await readSecretText(name)));
  if (!parsed.success)
    throw new Error(
      `secret ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

const intake = new ShopOrderIntake({
  tenant: config.tenant,
  platform: woocommercePlatform,
  mapOrder: mapShopOrder,
  publisher: new EventPublisher(clients.sqs, requireEnv(ENV.eventQueueUrl), documents),
  documents,
  archive: new ArchiveWriter(clients.s3, requireEnv(ENV.archiveBucket)),
});

export const handler = createShopConnectorHandler({
  platform: woocommercePlatform,
  shops,
  receiver: new ShopWebhookReceiver({
    platform: woocommercePlatform,
    shops,
    webhookSecretOf: async (shop) => (await credentialsOf(shop)).webhookSecret,
    intake,
    log,
  }),
  poller: new ShopOrderPoller({
    platform: woocommercePlatform,
    marks: new DynamoHighWaterMarks(clients.documents, documentsTable),
    intake,
    clientOf: async (shop) => {
      const { consumerKey, consumerSecret } = await credentialsOf(shop);
      return new WooCommerceClient({
        baseUrl: shop.baseUrl,
        consumerKey,
        consumerSecret,
        pricesIncludeTax: shop.articles.pricesIncludeVat,
      });
    },
    log,
  }),
});
