export * from './me-routes.ts';
