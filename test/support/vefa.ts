import { readFileSync } from 'node:fs';
import { corpusPath } from './corpus.ts';

/** One case of a vefa testSet: the asserted rule outcome plus the UBL fragment it is about. */
export interface VefaCase {
  file: string;
  test: string;
  scope: string;
  expectation: 'success' | 'error';
  fragment: string;
}

/** Splits a vefa testSet (`../shared/corpus/ubl-testsets`) into its cases. */
export function vefaCases(file: string): VefaCase[] {
  const text = readFileSync(corpusPath('ubl-testsets', file), 'utf8');
  const scope = /<scope>\s*([^<\s]+)\s*<\/scope>/.exec(text)?.[1] ?? '';
  return [...text.matchAll(/<test\b([^>]*)>([\s\S]*?)<\/test>/g)].map((m, i) => {
    const body = m[2] ?? '';
    const assertEnd = body.indexOf('</assert>');
    const assertion = body.slice(0, assertEnd);
    const expectation = /<error>/.test(assertion) ? 'error' : 'success';
    return {
      file,
      test: /id="([^"]+)"/.exec(m[1] ?? '')?.[1] ?? String(i + 1),
      scope,
      expectation,
      fragment: body.slice(assertEnd + '</assert>'.length).trim(),
    };
  });
}
