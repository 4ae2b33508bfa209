/** The CASH adapter: record model, settings, event mapping, serializers, REST client, rate limiters, targets. */
export * from './errors/index.ts';
export * from './mapping/index.ts';
export * from './rate-limit/index.ts';
export * from './records/index.ts';
export * from './rest/index.ts';
export * from './serialize/index.ts';
export * from './settings/index.ts';
export * from './targets/index.ts';
