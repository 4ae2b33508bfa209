/**
 * The kenmerk (rubriek 0711, 13 characters) that marks a booking as ours: `CL` + 11 hex digits of the
 * event id. 44 bits keep accidental clashes within one administration negligible.
 */
export function planReference(eventId: string): string {
  return `CL${eventId.replace(/^evt_/, '').slice(0, 11).toUpperCase()}`;
}
