import type { NormalizedEvent } from '../../../events/index.ts';
import type { CashAdapterSettings } from '../settings/cash-adapter-settings.ts';
import { mapEvent, shortReference } from './map-event.ts';
import type { CashMappingContext, CashMappingIssue } from './mapping-types.ts';

/**
 * Numbers only the writer assigns (boekstuk-, relation-, order number, a relationRef's relation) are not
 * known yet when an event arrives. These stand-ins fit every rubriek they go into, so whatever the mapping
 * still refuses with them is refused for the event's own values.
 */
const STAND_IN = { entryNumber: 1, relationNumber: '1', orderNumber: 1 } as const;

/**
 * What the writer's mapping would certainly refuse in this event under its administration's settings
 * (a text longer than its rubriek without an overflow setting, an amount with too many digits, a due date
 * before the invoice date, …), found by running that same mapping, so the door and the writer cannot
 * disagree. Empty when the event maps.
 */
export function preflightEvent(event: NormalizedEvent, settings: CashAdapterSettings): CashMappingIssue[] {
  const ctx: CashMappingContext = {
    settings,
    reference: shortReference(event.id),
    ...STAND_IN,
    resolveRelation: () => STAND_IN.relationNumber,
  };
  const result = mapEvent(event, ctx);
  return result.ok ? [] : result.issues;
}
