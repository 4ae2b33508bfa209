export * from './document-record.ts';
export * from './document-store.ts';
export * from './payload-hash.ts';
