export * from './document-view.ts';
export * from './documents-routes.ts';
export * from './original-file.ts';
export * from './original-store.ts';
export * from './s3-original-store.ts';
