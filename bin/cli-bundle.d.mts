/** Types of bin/cli-bundle.mjs (plain JavaScript, so it runs before anything can run TypeScript). */
export interface CliBundlePaths {
  root: string;
  outDir: string;
  entry: string;
  stamp: string;
}
export function cliBundlePaths(root: string, outDir?: string): CliBundlePaths;
export function sourceFingerprint(root: string, files: readonly string[]): string;
export function isCliBundleFresh(paths: CliBundlePaths): boolean;
export function buildCliBundle(paths: CliBundlePaths): Promise<string>;
export class CliBuildError extends Error {
  constructor(message: string, options?: { cause?: unknown });
}
