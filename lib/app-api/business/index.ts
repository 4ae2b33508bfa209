export * from './business-routes.ts';
export * from './business-status.ts';
