export * from './connector-override.ts';
export * from './effective-settings.ts';
export * from './settings-override-store.ts';
