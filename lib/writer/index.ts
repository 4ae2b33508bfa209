export * from './cash-port.ts';
export * from './cash-rest-port.ts';
export * from './cash-writer.ts';
export * from './cash-xml-outbox-port.ts';
export * from './create-cash-writer.ts';
export * from './event-claims.ts';
export * from './number-reservations.ts';
export * from './plan-reference.ts';
