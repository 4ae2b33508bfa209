export * from './delivery-target.ts';
export * from './feed/index.ts';
