import { join } from 'node:path';
import { CashSimulator, createDemoAdministration } from '../../lib/cash/simulator/index.ts';
import { errorMessage } from '../../lib/runtime/error-message.ts';
import { HubError } from '../hub-error.ts';
import type { StackTemplate } from '../template/stack-template.ts';

export interface RuntimeAdministration {
  code: string;
  name?: string;
  cashEndpoint: string;
  apiKeySecretName: string;
}

export interface LocalCashOptions {
  stateDir: string;
  apiKey: string;
  /** Port of the simulator; default the port of the administrations' local `cashEndpoint`, 0 any free one. */
  port?: number;
}

/**
 * The CASH simulator standing in for every administration whose `cashEndpoint` is on this machine (none
 * when all point at a real CASH). On another port than the tenant file names (`--cash-port`), the
 * functions are told the simulator's address instead (`TENANT_CONFIG`).
 */
export class LocalCash {
  simulator: CashSimulator | undefined;
  url: string | undefined;

  constructor(
    readonly administrations: readonly RuntimeAdministration[],
    private readonly options: LocalCashOptions,
  ) {}

  /** The tenant's administrations as the functions see them (TENANT_CONFIG of any function). */
  static administrationsOf(template: StackTemplate): RuntimeAdministration[] {
    for (const fn of template.functions) {
      const raw = fn.environment.TENANT_CONFIG;
      if (typeof raw !== 'string') continue;
      try {
        const config = JSON.parse(raw) as { administrations?: RuntimeAdministration[] };
        return (config.administrations ?? []).filter((adm) => typeof adm.cashEndpoint === 'string');
      } catch (error) {
        throw new HubError(`${fn.logicalId}: TENANT_CONFIG is not JSON`, { cause: error });
      }
    }
    return [];
  }

  /** Starts the simulator when an administration is local; its base URL, else undefined. */
  async start(): Promise<string | undefined> {
    const local = this.administrations.filter((adm) => isLocalEndpoint(adm.cashEndpoint));
    if (local.length === 0) return undefined;
    const ports = new Set(local.map((adm) => new URL(adm.cashEndpoint).port || '80'));
    if (ports.size > 1)
      throw new HubError(
        `Administrations point at several local CASH ports (${[...ports].join(', ')}); the hub runs one simulator`,
      );
    const port = this.options.port ?? Number([...ports][0]);
    const simulator = new CashSimulator({
      apiKeys: { [this.options.apiKey]: local.map((adm) => adm.code) },
      administrations: local.map((adm) => ({
        ...createDemoAdministration(adm.code),
        ...(adm.name ? { name: adm.name } : {}),
      })),
      persistPath: join(this.options.stateDir, 'cash-simulator.json'),
    });
    this.url = await simulator.start(port).catch((error: unknown) => {
      const busy =
        (error as { code?: string }).code === 'EADDRINUSE'
          ? ' (another hub or simulator runs there; --cash-port 0 picks a free one)'
          : '';
      throw new HubError(`Cannot start the CASH simulator on port ${port}${busy}: ${errorMessage(error)}`, {
        cause: error,
      });
    });
    this.simulator = simulator;
    return this.url;
  }

  async stop(): Promise<void> {
    await this.simulator?.stop();
  }

  /**
   * A function's `TENANT_CONFIG` with every local `cashEndpoint` moved to the port the simulator listens
   * on; unchanged when that is the port the tenant file names.
   */
  tenantConfigFor(raw: string): string {
    if (!this.url) return raw;
    const port = new URL(this.url).port;
    const config = JSON.parse(raw) as { administrations?: Array<{ cashEndpoint?: unknown }> };
    let moved = false;
    for (const adm of config.administrations ?? []) {
      if (typeof adm.cashEndpoint !== 'string' || !isLocalEndpoint(adm.cashEndpoint)) continue;
      const endpoint = new URL(adm.cashEndpoint);
      if (endpoint.port === port) continue;
      endpoint.port = port;
      adm.cashEndpoint = endpoint.href;
      moved = true;
    }
    return moved ? JSON.stringify(config) : raw;
  }

  /** The administrations with the endpoints the functions are given. */
  effectiveAdministrations(): RuntimeAdministration[] {
    if (!this.url) return [...this.administrations];
    const port = new URL(this.url).port;
    return this.administrations.map((adm) => {
      if (!isLocalEndpoint(adm.cashEndpoint)) return adm;
      const endpoint = new URL(adm.cashEndpoint);
      endpoint.port = port;
      return { ...adm, cashEndpoint: endpoint.href };
    });
  }
}

function isLocalEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
  } catch {
    return false;
  }
}
