export * from './change-feed.ts';
export * from './change-projections.ts';
export * from './content-hash.ts';
export * from './sales-order-change.ts';
