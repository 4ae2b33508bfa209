import type { FieldSpec } from '../records/field-spec.ts';
import {
  type AmountNotation,
  type CalendarDate,
  formatDecimalComma,
  formatExportDate,
  normalizeNumber,
  parseAmount,
  parseImportDate,
} from './notation.ts';

/** A field value that passed its catalog check, in the forms the simulator needs. */
export interface CheckedField {
  rubriek: string;
  /** The value as CASH stores and exports it (S uppercased, I decimal comma, D `DD-MM-YYYY`, N without leading zeros). */
  stored: string;
  cents?: number;
  date?: CalendarDate;
}

export type FieldCheck = { ok: true; field: CheckedField } | { ok: false; message: string };

// Control characters would break CASH's own line-oriented files; CASH refuses them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks one raw import value against its catalog spec, the way CASH refuses it: over-long values are an error
 * (never cut), wrong types name the rubriek and the value. Messages end in `rubriek=waarde` so a client can parse them.
 */
export function checkField(spec: FieldSpec, raw: string, notation: AmountNotation): FieldCheck {
  const r = spec.rubriek;
  const invalid = (): FieldCheck => ({ ok: false, message: `Ongeldige waarde ${r}=${raw}` });
  const tooLong = (max: number): FieldCheck => ({
    ok: false,
    message: `Waarde te lang (max ${max}) ${r}=${raw}`,
  });
  switch (spec.kind) {
    case 'S':
    case 'L': {
      if (CONTROL_CHARACTERS.test(raw)) return invalid();
      if ([...raw].length > spec.length) return tooLong(spec.length);
      return { ok: true, field: { rubriek: r, stored: spec.kind === 'S' ? raw.toUpperCase() : raw } };
    }
    case 'N': {
      if (!/^\d+$/.test(raw)) return invalid();
      if (raw.length > spec.length) return tooLong(spec.length);
      return { ok: true, field: { rubriek: r, stored: normalizeNumber(raw) } };
    }
    case 'I': {
      const cents = parseAmount(raw, notation, spec.length, spec.decimals ?? 2);
      if (cents === undefined) {
        // Distinguish "too many digits" from "not an amount" so the message says what to fix.
        const loose = parseAmount(raw, notation, 30, spec.decimals ?? 2);
        return loose === undefined ? invalid() : tooLong(spec.length);
      }
      return { ok: true, field: { rubriek: r, stored: formatDecimalComma(cents), cents } };
    }
    case 'D': {
      const date = parseImportDate(raw);
      if (!date) return { ok: false, message: `Ongeldige datum ${r}=${raw}` };
      return { ok: true, field: { rubriek: r, stored: formatExportDate(date), date } };
    }
    case 'Y4': {
      const match = /^(\d{2})(\d{2})$/.exec(raw);
      const period = Number(match?.[2]);
      if (!match || period < 1 || period > 13) return { ok: false, message: `Ongeldige periode ${r}=${raw}` };
      return { ok: true, field: { rubriek: r, stored: raw } };
    }
    case 'Y2': {
      if (!/^\d{2}$/.test(raw)) return invalid();
      return { ok: true, field: { rubriek: r, stored: raw } };
    }
  }
}
