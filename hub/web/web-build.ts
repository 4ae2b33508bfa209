import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebServerError } from './web-server-error.ts';

const run = promisify(execFile);
/** A Vite build of the app takes seconds; ten minutes means something hangs. */
const BUILD_TIMEOUT_MS = 600_000;

export type WebBuildState =
  | { state: 'ready'; distDir: string }
  | { state: 'built'; distDir: string; seconds: number }
  | { state: 'missing'; distDir: string; reason: string };

/**
 * Makes sure `dist/web/` holds the built app before the web server serves it. `npm ci` builds it (`prepare`);
 * on a clone where it is missing it is built here with the project's `build:web` script when Vite is
 * installed (a dev dependency). Without Vite the answer says what to run; the hub starts without the app.
 */
export async function ensureWebBuild(projectRoot: string, distDir: string): Promise<WebBuildState> {
  if (existsSync(join(distDir, 'index.html'))) return { state: 'ready', distDir };
  const vite = join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite))
    return {
      state: 'missing',
      distDir,
      reason: `${distDir} holds no index.html and Vite is not installed: run npm ci (it builds the web app)`,
    };
  const script = buildScript(projectRoot);
  const started = Date.now();
  try {
    if (script)
      await run('npm', ['run', '--silent', 'build:web'], { cwd: projectRoot, timeout: BUILD_TIMEOUT_MS });
    else if (hasViteConfig(projectRoot))
      await run(process.execPath, [vite, 'build'], { cwd: projectRoot, timeout: BUILD_TIMEOUT_MS });
    else
      return {
        state: 'missing',
        distDir,
        reason: `${distDir} holds no index.html and the project has no build:web script or vite.config`,
      };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new WebServerError(
      `building the web app failed: ${stderr.trim().split('\n').slice(-5).join(' | ')}`,
      {
        cause: error,
      },
    );
  }
  if (!existsSync(join(distDir, 'index.html')))
    return {
      state: 'missing',
      distDir,
      reason: `the web app's build left no ${join(distDir, 'index.html')}`,
    };
  return { state: 'built', distDir, seconds: (Date.now() - started) / 1000 };
}

function buildScript(projectRoot: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    return typeof pkg.scripts?.['build:web'] === 'string';
  } catch {
    return false;
  }
}

function hasViteConfig(projectRoot: string): boolean {
  return ['vite.config.ts', 'vite.config.mjs', 'vite.config.js'].some((name) =>
    existsSync(join(projectRoot, name)),
  );
}
