import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { quoteText } from '../../lib/runtime/quoted-text.ts';
import { contentTypeOf } from './content-types.ts';

/** A file of the built app to send. */
export interface StaticFile {
  kind: 'file';
  path: string;
  size: number;
  mtimeMs: number;
  contentType: string;
  cacheControl: string;
  /** The answer is index.html standing in for an app route (SPA fallback). */
  fallback: boolean;
}

/** A path that is not served, with the rule it broke and a sentence naming the value. */
export interface StaticRefusal {
  kind: 'refused';
  status: 400 | 404;
  rule: 'path-encoding' | 'path-traversal' | 'hidden-file' | 'no-such-file';
  detail: string;
}

/** The folder holds no index.html: the app has not been built. */
export interface StaticUnbuilt {
  kind: 'unbuilt';
}

export type StaticAnswer = StaticFile | StaticRefusal | StaticUnbuilt;

/** Vite's output: `assets/<name>-<hash>.<ext>`, a name that changes whenever the content does. */
const HASHED_ASSET = /^assets\/(.+\/)?[^/]+[-.][A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Always revalidated: index.html (it names the current hashed assets) and unhashed files. */
export const REVALIDATE = 'no-cache';

/**
 * Maps request paths to the files of the built web app (`dist/web/`): hashed assets cached for a year,
 * everything else revalidated; a path that names no file and has no extension is an app route and gets
 * index.html (the SPA fallback). Nothing outside the folder is ever served: `..`, encoded separators,
 * NUL bytes, hidden files and symlinks leading out are refused.
 */
export class StaticFiles {
  constructor(readonly root: string) {}

  async resolve(urlPath: string): Promise<StaticAnswer> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return refused(400, 'path-encoding', `path ${quoteText(urlPath, 80)} is not valid percent-encoding`);
    }
    if (decoded.includes('\0') || decoded.includes('\\'))
      return refused(400, 'path-traversal', `path ${quoteText(decoded, 80)} holds a NUL byte or a backslash`);
    const segments = decoded.split('/').filter((s) => s !== '');
    if (segments.some((s) => s === '..' || s === '.'))
      return refused(400, 'path-traversal', `path ${quoteText(decoded, 80)} leaves the app's folder`);
    if (segments.some((s) => s.startsWith('.')))
      return refused(404, 'hidden-file', `path ${quoteText(decoded, 80)} names a hidden file`);

    const root = await this.realRoot();
    const namesFile = segments.length > 0 && extname(segments[segments.length - 1] as string) !== '';
    const missing = () =>
      refused(404, 'no-such-file', `no file ${quoteText(segments.join('/'), 80)} in the web app`);
    if (root === undefined) return namesFile ? missing() : { kind: 'unbuilt' };
    if (segments.length > 0) {
      const found = await this.file(root, segments);
      if (found) return found;
      if (namesFile) return missing();
    }
    const index = await this.file(root, ['index.html']);
    if (!index) return { kind: 'unbuilt' };
    return { ...index, fallback: segments.length > 0 && segments.join('/') !== 'index.html' };
  }

  /** The regular file at `segments` below `root`, when it is one and really lies inside the folder. */
  private async file(root: string, segments: string[]): Promise<StaticFile | undefined> {
    const candidate = join(root, ...segments);
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(`${root}${sep}`)) return undefined;
      const info = await stat(real);
      if (!info.isFile()) return undefined;
      const relative = segments.join('/');
      return {
        kind: 'file',
        path: real,
        size: info.size,
        mtimeMs: info.mtimeMs,
        contentType: contentTypeOf(real),
        cacheControl: HASHED_ASSET.test(relative) ? IMMUTABLE : REVALIDATE,
        fallback: false,
      };
    } catch {
      return undefined;
    }
  }

  private async realRoot(): Promise<string | undefined> {
    try {
      return await realpath(this.root);
    } catch {
      return undefined;
    }
  }
}

function refused(status: 400 | 404, rule: StaticRefusal['rule'], detail: string): StaticRefusal {
  return { kind: 'refused', status, rule, detail };
}
