export * from './cash-port.ts';
export * from './cash-writer.ts';
export * from './event-claims.ts';
export * from './number-reservations.ts';
export * from './plan-reference.ts';
