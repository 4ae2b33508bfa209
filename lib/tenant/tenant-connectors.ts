import { type ConnectorName, connectorNames, connectors } from './connector-registry.ts';
import type { Administration, ConnectorSchedule, TenantConfig } from './tenant-config.ts';

/** The connectors a tenant runs: core ones always, others when listed and enabled. */
export function enabledConnectors(config: TenantConfig): ConnectorName[] {
  return connectorNames.filter((name) => connectors[name].core || config.connectors[name]?.enabled === true);
}

/** Administrations a connector serves for this tenant. */
export function administrationsFor(config: TenantConfig, name: ConnectorName): Administration[] {
  const subset = config.connectors[name]?.administrations;
  return subset ? config.administrations.filter((adm) => subset.includes(adm.code)) : config.administrations;
}

/** The schedules a connector runs with: the tenant's own list, else the registry's defaults. */
export function schedulesFor(config: TenantConfig, name: ConnectorName): ConnectorSchedule[] {
  const own = config.connectors[name]?.schedules;
  if (own) return own;
  const defaults: readonly { name: string; expression: string; description: string }[] =
    connectors[name].triggers.schedules ?? [];
  return defaults.map((schedule) => ({ ...schedule }));
}
