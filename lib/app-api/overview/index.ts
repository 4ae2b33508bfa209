export * from './cash-limiter-budget.ts';
export * from './overview-routes.ts';
export * from './overview-sources.ts';
export * from './sqs-dead-letter-depth.ts';
export * from './token-bucket-budget.ts';
