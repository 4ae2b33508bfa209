import type { NormalizedEvent } from '../../events/index.ts';
import type { DocumentRecord } from '../documents/index.ts';
import type { PartnerIdentity } from './api-key.ts';
import type { HttpProblemDetail } from './http.ts';

/** What this deployment serves: its tenant and the administrations in its tenant file. */
export interface TenantScope {
  tenant: string;
  administrations: readonly string[];
}

/** Why a key may not act on an administration of this tenant, as the rule a problem names; undefined when it may. */
export function administrationDenial(
  identity: PartnerIdentity,
  administration: string,
  scope: TenantScope,
): 'administration-unknown' | 'administration-not-granted' | undefined {
  if (!scope.administrations.includes(administration)) return 'administration-unknown';
  if (!identity.administrations.includes(administration)) return 'administration-not-granted';
  return undefined;
}

/**
 * Why a key may not send these events (empty when it may): another tenant, an administration this tenant
 * does not have or the key was not granted, or an event type not granted. Each problem names its event.
 */
export function eventPermissionProblems(
  identity: PartnerIdentity,
  events: readonly { index: number; event: NormalizedEvent }[],
  scope: TenantScope,
): HttpProblemDetail[] {
  const problems: HttpProblemDetail[] = [];
  for (const { index, event } of events) {
    if (event.tenant !== scope.tenant) {
      problems.push({
        index,
        path: 'tenant',
        rule: 'tenant',
        message: `this API serves tenant ${scope.tenant}`,
        value: event.tenant,
      });
      continue;
    }
    const denial = administrationDenial(identity, event.administration, scope);
    if (denial) {
      problems.push({
        index,
        path: 'administration',
        rule: denial,
        message:
          denial === 'administration-unknown'
            ? `administration ${event.administration} does not belong to tenant ${scope.tenant}`
            : `the API key is not granted administration ${event.administration}`,
        value: event.administration,
      });
    }
    if (!(identity.eventTypes as readonly string[]).includes(event.type)) {
      problems.push({
        index,
        path: 'type',
        rule: 'event-type-not-granted',
        message: `the API key may not send ${event.type} events`,
        value: event.type,
      });
    }
  }
  return problems;
}

/** Whether a key may see a document: same tenant and an administration granted to the key. */
export function mayReadDocument(
  identity: PartnerIdentity,
  document: DocumentRecord,
  scope: TenantScope,
): boolean {
  return (
    document.tenant === scope.tenant &&
    administrationDenial(identity, document.administration, scope) === undefined
  );
}
