import type { NormalizedEvent } from '../../events/index.ts';
import type { DocumentRecord } from '../documents/index.ts';
import type { PartnerIdentity } from './api-key.ts';
import type { HttpProblemDetail } from './http.ts';

/** What this deployment serves: its tenant and the administrations in its tenant file. */
export interface TenantScope {
  tenant: string;
  administrations: readonly string[];
}

/** The one answer for an administration a key may not use, whether it exists or not. */
export const ADMINISTRATION_DENIED = 'administration-not-granted';

/**
 * Why a key may not act on an administration, as the rule a problem names; undefined when it may. An
 * administration of this tenant the key was not granted and one that does not exist get the same rule, and
 * both are looked up every time, so a key learns nothing about administrations that are not its own.
 */
export function administrationDenial(
  identity: PartnerIdentity,
  administration: string,
  scope: TenantScope,
): typeof ADMINISTRATION_DENIED | undefined {
  const known = scope.administrations.includes(administration);
  const granted = identity.administrations.includes(administration);
  return known && granted ? undefined : ADMINISTRATION_DENIED;
}

/** The sentence beside `ADMINISTRATION_DENIED`, the same for every administration that is not the key's. */
export function administrationDeniedMessage(administration: string): string {
  return `the API key is not granted administration ${administration}`;
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
        message: administrationDeniedMessage(event.administration),
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
