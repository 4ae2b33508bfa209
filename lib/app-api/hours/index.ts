export * from './hours-routes.ts';
export * from './zod-problems.ts';
