import type { Log } from '../runtime/log.ts';
import type { ConnectorName } from '../tenant/index.ts';
import {
  type ConnectorOverride,
  checkMerged,
  type MergedSettings,
  mergeOverride,
} from './connector-override.ts';
import type { OverrideReader } from './settings-override-store.ts';

/**
 * A connector's settings for one administration at the start of a run: the tenant file's entry with the
 * administration's override over it. An override that no longer passes the connector's schema (the tenant
 * file changed under it) or cannot be read is logged and the tenant file's values are used: a run never
 * stops over it.
 */
export async function effectiveSettings(
  connector: ConnectorName,
  administration: string,
  base: Partial<MergedSettings>,
  overrides: OverrideReader | undefined,
  log?: Log,
): Promise<MergedSettings> {
  const plain = mergeOverride(base, undefined);
  if (!overrides) return plain;
  let override: ConnectorOverride | undefined;
  try {
    override = (await overrides.read(administration))[connector];
  } catch (error) {
    log?.('warn', 'settings overrides not read; using the tenant file', { connector, administration, error });
    return plain;
  }
  if (!override) return plain;
  const merged = mergeOverride(base, override);
  const issues = checkMerged(connector, merged, override);
  if (issues.length > 0) {
    log?.('warn', 'settings override not valid; using the tenant file', {
      connector,
      administration,
      issues,
    });
    return plain;
  }
  return merged;
}
