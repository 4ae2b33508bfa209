import { CashFieldError } from '../errors/cash-field-error.ts';
import type { CashRecord } from '../records/cash-record.ts';
import { type FieldFormatOptions, type FieldInput, formatField } from '../records/field-format.ts';
import type { RecordSpec } from '../records/field-spec.ts';
import type { CashMappingIssue } from './mapping-types.ts';

/**
 * Builds one record from event values while remembering where each value came from, so a refused value is
 * reported against the event path a person can fix, not just the rubriek.
 */
export class RecordAssembler {
  readonly #spec: RecordSpec;
  readonly #options: FieldFormatOptions;
  readonly #issues: CashMappingIssue[];
  readonly #fields: Record<string, string> = {};
  readonly #paths: Record<string, string> = {};
  readonly #failedRubrieken = new Set<string>();
  #failed = false;

  constructor(spec: RecordSpec, options: FieldFormatOptions, issues: CashMappingIssue[]) {
    this.#spec = spec;
    this.#options = options;
    this.#issues = issues;
  }

  /** Sets a rubriek; undefined or empty means not given. */
  set(
    rubriek: string,
    value: FieldInput | undefined,
    eventPath: string,
    options: Partial<FieldFormatOptions> = {},
  ): this {
    this.#paths[rubriek] = eventPath;
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) return this;
    const spec = this.#spec.fields[rubriek];
    if (!spec) {
      this.issue(
        eventPath,
        'unknown-rubriek',
        `rubriek ${rubriek} is not in record ${this.#spec.record}`,
        value,
        rubriek,
      );
      return this;
    }
    try {
      const text = formatField(this.#spec.record, spec, value, { ...this.#options, ...options });
      if (text !== '') this.#fields[rubriek] = text;
    } catch (error) {
      if (!(error instanceof CashFieldError)) throw error;
      this.issue(eventPath, error.rule, error.message, error.value, rubriek);
    }
    return this;
  }

  issue(eventPath: string, rule: string, message: string, value?: unknown, rubriek?: string): this {
    this.#failed = true;
    if (rubriek) this.#failedRubrieken.add(rubriek);
    this.#issues.push({
      eventPath,
      rule,
      message,
      ...(rubriek ? { rubriek } : {}),
      ...(value !== undefined ? { value } : {}),
    });
    return this;
  }

  /** The record, or undefined when a value was refused or a required rubriek is missing (issues were recorded). */
  build(): CashRecord | undefined {
    for (const spec of Object.values(this.#spec.fields)) {
      if (spec.required && this.#fields[spec.rubriek] === undefined && !this.#failedOn(spec.rubriek)) {
        this.issue(
          this.#paths[spec.rubriek] ?? 'data',
          'required',
          `${spec.dutch} (rubriek ${spec.rubriek}) is required`,
          undefined,
          spec.rubriek,
        );
      }
    }
    return this.#failed ? undefined : { record: this.#spec.record, fields: { ...this.#fields } };
  }

  #failedOn(rubriek: string): boolean {
    return this.#failedRubrieken.has(rubriek);
  }
}
