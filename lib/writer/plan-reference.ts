import { shortReference } from '../cash/mapping/map-event.ts';

/**
 * The kenmerk (rubriek 0711, 13 characters) that marks a booking as ours: `CL` + 11 hex digits of the
 * event id. 44 bits keep accidental clashes within one administration negligible. The CASH mapping owns
 * the format; the writer names it for what it is used for: the plan's natural-key check.
 */
export const planReference = shortReference;
