/**
 * The code each function worker thread runs (CommonJS, evaluated by `new Worker(…, { eval: true })`): it
 * imports the bundled handler once (a warm container), then answers invocation messages. Results go
 * through JSON like Lambda's runtime API, so a handler cannot hand back something AWS could not.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
process.setSourceMapsEnabled?.(true);
// A reserved thread (ThreadReserve) starts with the bundle's external packages and no function yet: its
// first message ('adopt') gives it the function's module and environment, before anything else runs.
let target = workerData.moduleUrl ? { moduleUrl: workerData.moduleUrl, exportName: workerData.exportName } : undefined;
const preloaded = workerData.preloadUrl ? import(workerData.preloadUrl).catch(() => undefined) : Promise.resolve();
let loaded;
function load() {
  loaded ??= preloaded.then(() => import(target.moduleUrl)).then((module) => {
    const handler = module[target.exportName] ?? module.default?.[target.exportName];
    if (typeof handler !== 'function') {
      throw new Error('Runtime.HandlerNotFound: ' + target.moduleUrl + ' has no export ' + target.exportName);
    }
    return handler;
  });
  return loaded;
}
function describe(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) };
}
parentPort.on('message', async ({ id, event, context, warm, adopt }) => {
  if (adopt) {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, adopt.environment);
    target = { moduleUrl: adopt.moduleUrl, exportName: adopt.exportName };
    return;
  }
  if (warm) {
    // Lambda's init phase ahead of the first invocation; a failure shows on that invocation.
    load().then(
      () => parentPort.postMessage({ warmed: true, ok: true }),
      () => parentPort.postMessage({ warmed: true, ok: false }),
    );
    return;
  }
  let deadline = Date.now() + context.timeoutMs;
  const lambdaContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const handler = await load();
    // The function's timeout runs from the end of the init phase (the bundle's load), as on Lambda.
    deadline = Date.now() + context.timeoutMs;
    const result = await handler(event, lambdaContext);
    const json = result === undefined ? undefined : JSON.stringify(result);
    parentPort.postMessage({ id, ok: true, result: json === undefined ? undefined : JSON.parse(json) });
  } catch (error) {
    console.error(JSON.stringify({ level: 'ERROR', message: 'Invoke Error', error: describe(error) }));
    parentPort.postMessage({ id, ok: false, error: describe(error) });
  }
});
`;
