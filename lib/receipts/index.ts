export * from './receipt-amounts.ts';
export * from './receipt-date.ts';
export * from './receipt-text-parser.ts';
