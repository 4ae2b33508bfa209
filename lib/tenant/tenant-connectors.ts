import { type ConnectorName, connectorNames, connectors } from './connector-registry.ts';
import type { Administration, ConnectorSchedule, TenantConfig } from './tenant-config.ts';

/** What these questions read: the tenant file and TENANT_CONFIG (without `deployment`) alike. */
type ConnectorView = Pick<TenantConfig, 'administrations' | 'connectors'>;

/** The connectors a tenant runs: core ones always, others when listed and enabled. */
export function enabledConnectors(config: ConnectorView): ConnectorName[] {
  return connectorNames.filter((name) => connectors[name].core || config.connectors[name]?.enabled === true);
}

/** Administrations a connector serves for this tenant, in the tenant file's order. */
export function administrationsFor(config: ConnectorView, name: ConnectorName): Administration[] {
  const subset = config.connectors[name]?.administrations;
  return subset ? config.administrations.filter((adm) => subset.includes(adm.code)) : config.administrations;
}

/** The schedules a connector runs with: the tenant's own list, else the registry's defaults. */
export function schedulesFor(config: ConnectorView, name: ConnectorName): ConnectorSchedule[] {
  const own = config.connectors[name]?.schedules;
  if (own) return own;
  const defaults: readonly { name: string; expression: string; description: string }[] =
    connectors[name].triggers.schedules ?? [];
  return defaults.map((schedule) => ({ ...schedule }));
}

/** The codes of the administrations a connector serves; none when the tenant does not run it. */
export function servedAdministrationCodes(config: ConnectorView, name: ConnectorName): string[] {
  if (!enabledConnectors(config).includes(name)) return [];
  return administrationsFor(config, name).map((adm) => adm.code);
}

/** The enabled connectors that take change events on a delivery queue of their own (outbound targets). */
export function deliveryTargets(config: ConnectorView): ConnectorName[] {
  return enabledConnectors(config).filter((name) => connectors[name].triggers.deliveries !== undefined);
}
