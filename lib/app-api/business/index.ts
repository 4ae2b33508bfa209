export * from './business-routes.ts';
export * from './business-status.ts';
export * from './mirror-ledger-balances.ts';
