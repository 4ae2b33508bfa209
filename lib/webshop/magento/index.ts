export { type MagentoAuth, MagentoClient, type MagentoClientOptions } from './magento-client.ts';
export {
  type MagentoOAuthCredentials,
  MagentoOAuthSigner,
  oauthBaseString,
  oauthEncode,
  oauthSignature,
} from './magento-oauth-signer.ts';
export { parseMagentoOrders } from './magento-order-parser.ts';
export { magentoPlatform } from './magento-platform.ts';
export { MagentoSimulator, type MagentoSimulatorOptions } from './magento-simulator.ts';
export { type MagentoSimOrderInput, MagentoSimulatorStore } from './magento-simulator-store.ts';
