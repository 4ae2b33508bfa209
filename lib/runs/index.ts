export * from './connector-invoker.ts';
export * from './connector-runs.ts';
export * from './run-invoke-error.ts';
export * from './run-record.ts';
export * from './run-store.ts';
export * from './run-store-error.ts';
export * from './run-store-from-env.ts';
export * from './run-trigger.ts';
