// Entry of the statement parse worker. Worker threads on Node 20 do not inherit the tsx loader hooks of
// the process that starts them, so they are registered here before the TypeScript worker is loaded. Where
// tsx is missing (a bundle), this throws, the worker fails to start, and parsing stays on the caller's thread.
const { register } = await import('tsx/esm/api');
register();
await import('./worker.ts');
