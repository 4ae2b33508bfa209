import { join } from 'node:path';
import type { HubConsole } from '../console/hub-console.ts';
import { ensureWebBuild } from './web-build.ts';
import { WebServer } from './web-server.ts';

export interface WebAppStartup {
  projectRoot: string;
  port: number;
  /** The hub's HTTP API base URL, read per request (the API starts after the web server). */
  api: () => string | undefined;
  /** The sign-in provider's issuer URL, read per request. */
  issuer: () => string | undefined;
  console: HubConsole;
  relative: (path: string) => string;
}

/**
 * The hub's web app: `dist/web/` built first when it is missing and Vite is installed (else a warning and a
 * 503 page saying what to run), then served on 127.0.0.1. Answers the server (to stop) and its base URL.
 */
export async function startWebApp(input: WebAppStartup): Promise<{ server: WebServer; url: string }> {
  const distDir = join(input.projectRoot, 'dist', 'web');
  const build = await ensureWebBuild(input.projectRoot, distDir);
  if (build.state === 'built')
    input.console.info(`web app built into ${input.relative(distDir)} in ${build.seconds.toFixed(1)} s`);
  if (build.state === 'missing') input.console.warn(`web app not served: ${build.reason}`);
  const server = new WebServer({
    distDir,
    api: input.api,
    issuer: input.issuer,
    ...(build.state === 'missing' ? { unbuiltReason: build.reason } : {}),
  });
  const url = await server.start(input.port);
  return { server, url };
}
