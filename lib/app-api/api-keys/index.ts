export * from './api-keys-routes.ts';
