export { PrestashopClient, type PrestashopClientOptions } from './prestashop-client.ts';
export { parsePrestashopOrders } from './prestashop-order-parser.ts';
export { createPrestashopPlatform, prestashopPlatform } from './prestashop-platform.ts';
export { PrestashopSimulator, type PrestashopSimulatorOptions } from './prestashop-simulator.ts';
export { type PrestashopSimOrderInput, PrestashopSimulatorStore } from './prestashop-simulator-store.ts';
export {
  DEFAULT_PRESTASHOP_STATES,
  DEFAULT_STATUS_STATES,
  type PrestashopStatusStates,
} from './prestashop-states.ts';
export { buildPrestashopXml, readPrestashopXml } from './prestashop-xml.ts';
