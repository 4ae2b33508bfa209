export * from './delivery-router.ts';
export * from './delivery-target.ts';
export * from './feed/index.ts';
export * from './subscription-match.ts';
