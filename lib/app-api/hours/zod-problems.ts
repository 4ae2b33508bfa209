import type { z } from 'zod';
import type { HttpProblemDetail } from '../../partner-api/http.ts';
import { quoted } from '../../partner-api/http.ts';

/** A zod error as problem details: the dotted path, the zod code as the rule, the value quoted and cut. */
export function zodProblems(error: z.ZodError, input: unknown, prefix = ''): HttpProblemDetail[] {
  return error.issues.map((issue) => {
    let value: unknown = input;
    for (const key of issue.path)
      value =
        value && typeof value === 'object'
          ? (value as Record<PropertyKey, unknown>)[key as PropertyKey]
          : undefined;
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
    return {
      path,
      rule: issue.code,
      message: issue.message,
      ...(value === undefined
        ? {}
        : { value: typeof value === 'string' ? quoted(value) : quoted(JSON.stringify(value) ?? '') }),
    };
  });
}
