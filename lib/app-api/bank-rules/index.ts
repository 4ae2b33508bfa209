export * from './bank-rules-routes.ts';
export * from './rule-order.ts';
export * from './user-rule-creation.ts';
