export * from './mirror-lookup.ts';
export * from './mirror-references.ts';
export * from './mirror-refresher.ts';
export * from './mirror-store.ts';
export * from './mirror-sync.ts';
export * from './mirror-types.ts';
