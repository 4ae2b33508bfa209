export * from './administration-check.ts';
export * from './document-summary.ts';
export * from './route-input.ts';
export * from './runs-routes.ts';
