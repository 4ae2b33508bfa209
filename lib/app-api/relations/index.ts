export * from './app-event-sender.ts';
export * from './intake-http.ts';
export * from './relation-routes.ts';
