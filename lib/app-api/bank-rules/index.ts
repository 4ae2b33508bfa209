export * from './bank-rules-routes.ts';
export * from './rule-order.ts';
