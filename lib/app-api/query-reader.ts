import { HttpProblem } from '../partner-api/errors.ts';
import { type HttpProblemDetail, quoted } from '../partner-api/http.ts';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;
/** Cursors are opaque to the browser; anything longer or outside base64url (plus `.~`) is not one of ours. */
const CURSOR = /^[A-Za-z0-9_.~-]{1,2048}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CENTS = /^-?\d{1,15}$/;

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/**
 * Reads a list route's query string: every parameter that is wrong is collected and answered at once with a
 * 400 naming the parameter, the rule and the value (quoted, truncated). Nothing here throws until `done`.
 */
export class QueryReader {
  private readonly problems: HttpProblemDetail[] = [];

  constructor(private readonly query: Readonly<Record<string, string | undefined>> = {}) {}

  private raw(name: string): string | undefined {
    const value = this.query[name];
    return value === undefined || value === '' ? undefined : value;
  }

  private refuse(name: string, rule: string, message: string, value: string): undefined {
    this.problems.push({ path: name, rule, message, value: quoted(value) });
    return undefined;
  }

  /** `limit` (1–100, default 50) and the opaque `cursor`. */
  page(): PageRequest {
    const text = this.raw('limit');
    let limit = DEFAULT_PAGE_LIMIT;
    if (text !== undefined) {
      const n = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_LIMIT)
        this.refuse('limit', 'range', `a whole number from 1 to ${MAX_PAGE_LIMIT}`, text);
      else limit = n;
    }
    const cursor = this.raw('cursor');
    if (cursor !== undefined && !CURSOR.test(cursor)) {
      this.refuse('cursor', 'cursor', 'pass nextCursor of the previous page unchanged', cursor);
      return { limit };
    }
    return { limit, ...(cursor !== undefined ? { cursor } : {}) };
  }

  /** An ISO calendar date `YYYY-MM-DD` that exists. */
  date(name: string): string | undefined {
    const text = this.raw(name);
    if (text === undefined) return undefined;
    const m = ISO_DATE.exec(text);
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (
        y >= 1900 &&
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === mo - 1 &&
        date.getUTCDate() === d
      )
        return text;
    }
    return this.refuse(name, 'date', 'a date as YYYY-MM-DD', text);
  }

  /** Integer cents (no decimals, no thousands separators), within ±10^15. */
  cents(name: string): number | undefined {
    const text = this.raw(name);
    if (text === undefined) return undefined;
    if (!CENTS.test(text)) return this.refuse(name, 'cents', 'whole cents, e.g. 12500 for € 125,00', text);
    return Number(text);
  }

  /** One of `values`; `required` refuses its absence. */
  oneOf<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const text = this.raw(name);
    if (text === undefined) {
      return required
        ? this.refuse(name, 'required', `give ${name}: one of ${values.join(', ')}`, '')
        : undefined;
    }
    if ((values as readonly string[]).includes(text)) return text as T;
    return this.refuse(name, 'enum', `one of ${values.join(', ')}`, text);
  }

  /** Free text up to `max` characters, trimmed; control characters are refused. */
  text(name: string, max: number, pattern?: RegExp): string | undefined {
    const text = this.raw(name);
    if (text === undefined) return undefined;
    if (text.length > max) return this.refuse(name, 'max-length', `at most ${max} characters`, text);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    if (/[\u0000-\u001f\u007f]/.test(text))
      return this.refuse(name, 'characters', 'no control characters', text);
    if (pattern && !pattern.test(text))
      return this.refuse(name, 'format', `must match ${pattern.source}`, text);
    const trimmed = text.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  /** A second check across parameters (e.g. from ≤ to), recorded like the others. */
  check(ok: boolean, name: string, rule: string, message: string, value: string): void {
    if (!ok) this.refuse(name, rule, message, value);
  }

  /** Throws the 400 with every problem found; returns when the query is fine. */
  done(): void {
    if (this.problems.length > 0) {
      throw new HttpProblem(
        400,
        'Bad Request',
        `${this.problems.length} query parameter(s) are invalid`,
        this.problems,
      );
    }
  }
}
