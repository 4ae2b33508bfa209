export type { CashTarget, ImportOutcome } from './cash-target.ts';
export { RestCashTarget } from './rest-cash-target.ts';
export { type PutObject, XmlOutboxTarget, type XmlOutboxTargetOptions } from './xml-outbox-target.ts';
