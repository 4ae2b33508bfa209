export * from './deliveries-routes.ts';
