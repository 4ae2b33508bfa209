import { useState } from 'preact/hooks';
import type { BankRule, BankRuleDraft } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { ChoiceInput } from '../components/choice-input.tsx';
import { Form, SelectField, TextField } from '../components/fields.tsx';
import { centsToInput, parseCents } from '../format/index.ts';
import type { Locale } from '../i18n/index.ts';

interface RuleFields {
  counterpartyIban: string;
  nameContains: string;
  textContains: string;
  amountMin: string;
  amountMax: string;
  direction: string;
  relationNumber: string;
  ledgerAccount: string;
  vatCode: string;
  description: string;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function money(value: unknown, locale: Locale): string {
  return typeof value === 'number' && Number.isSafeInteger(value) ? centsToInput(value, locale) : '';
}

export function fieldsFromRule(rule: BankRule | undefined, locale: Locale): RuleFields {
  const c = rule?.conditions ?? {};
  const a = rule?.action ?? {};
  return {
    counterpartyIban: str(c.counterpartyIban),
    nameContains: str(c.nameContains),
    textContains: str(c.textContains),
    amountMin: money(c.amountMinCents, locale),
    amountMax: money(c.amountMaxCents, locale),
    direction: str(c.direction),
    relationNumber: str(a.relationNumber),
    ledgerAccount: str(a.ledgerAccount),
    vatCode: str(a.vatCode),
    description: str(a.description),
  };
}

/** The fields as the API's rule, or the names of the fields that are wrong. */
export function draftFromFields(
  fields: RuleFields,
  locale: Locale,
): { draft: BankRuleDraft } | { invalid: string[] } {
  const invalid: string[] = [];
  const conditions: Record<string, unknown> = {};
  const action: Record<string, unknown> = {};
  const put = (target: Record<string, unknown>, name: string, value: string) => {
    if (value.trim() !== '') target[name] = value.trim();
  };
  put(conditions, 'counterpartyIban', fields.counterpartyIban);
  put(conditions, 'nameContains', fields.nameContains);
  put(conditions, 'textContains', fields.textContains);
  put(conditions, 'direction', fields.direction);
  for (const [field, name] of [
    ['amountMin', 'amountMinCents'],
    ['amountMax', 'amountMaxCents'],
  ] as const) {
    if (fields[field].trim() === '') continue;
    const parsed = parseCents(fields[field], locale);
    if ('cents' in parsed) conditions[name] = parsed.cents;
    else invalid.push(field);
  }
  if (!conditions.counterpartyIban && !conditions.nameContains && !conditions.textContains)
    invalid.push('conditions');
  put(action, 'relationNumber', fields.relationNumber);
  put(action, 'ledgerAccount', fields.ledgerAccount);
  put(action, 'vatCode', fields.vatCode);
  put(action, 'description', fields.description);
  if (!action.relationNumber === !action.ledgerAccount) invalid.push('target');
  return invalid.length > 0 ? { invalid } : { draft: { conditions, action } };
}

/** Edits one rule: when (IBAN, name, text, amounts, direction) and then (relation or ledger account). */
export function RuleForm(props: {
  rule?: BankRule | undefined;
  busy: boolean;
  onSave(draft: BankRuleDraft): void;
  onCancel(): void;
}) {
  const { m, locale } = useApp();
  const [fields, setFields] = useState<RuleFields>(() => fieldsFromRule(props.rule, locale));
  const [invalid, setInvalid] = useState<string[]>([]);
  const set = (patch: Partial<RuleFields>) => setFields((f) => ({ ...f, ...patch }));
  const t = m.bankRules;
  const conditionError = invalid.includes('conditions')
    ? `${t.counterpartyIban} / ${t.nameContains} / ${t.textContains}: ${m.errors.required}`
    : undefined;
  const targetError = invalid.includes('target') ? `${t.relationNumber} / ${t.ledgerAccount}` : undefined;
  return (
    <Form
      label={props.rule ? t.editRule : t.newRule}
      onSubmit={() => {
        const result = draftFromFields(fields, locale);
        if ('invalid' in result) setInvalid(result.invalid);
        else {
          setInvalid([]);
          props.onSave(result.draft);
        }
      }}
    >
      <h2>{props.rule ? t.editRule : t.newRule}</h2>
      <div class="grid-3">
        <TextField
          label={t.counterpartyIban}
          value={fields.counterpartyIban}
          onValue={(v) => set({ counterpartyIban: v })}
          error={conditionError}
        />
        <TextField
          label={t.nameContains}
          value={fields.nameContains}
          onValue={(v) => set({ nameContains: v })}
        />
        <TextField
          label={t.textContains}
          value={fields.textContains}
          onValue={(v) => set({ textContains: v })}
        />
        <TextField
          label={t.amountMin}
          inputMode="decimal"
          value={fields.amountMin}
          onValue={(v) => set({ amountMin: v })}
          error={invalid.includes('amountMin') ? m.errors.money : undefined}
        />
        <TextField
          label={t.amountMax}
          inputMode="decimal"
          value={fields.amountMax}
          onValue={(v) => set({ amountMax: v })}
          error={invalid.includes('amountMax') ? m.errors.money : undefined}
        />
        <SelectField
          label={t.direction}
          value={fields.direction}
          onValue={(v) => set({ direction: v })}
          options={[
            { value: '', label: m.review.any },
            { value: 'in', label: t.directionIn },
            { value: 'out', label: t.directionOut },
          ]}
        />
        <ChoiceInput
          kind="relations"
          label={t.relationNumber}
          value={fields.relationNumber}
          onValue={(v) => set({ relationNumber: v })}
          error={targetError}
        />
        <ChoiceInput
          kind="ledgerAccounts"
          label={t.ledgerAccount}
          value={fields.ledgerAccount}
          onValue={(v) => set({ ledgerAccount: v })}
        />
        <ChoiceInput
          kind="vatCodes"
          label={t.vatCode}
          value={fields.vatCode}
          onValue={(v) => set({ vatCode: v })}
        />
      </div>
      <TextField label={t.description} value={fields.description} onValue={(v) => set({ description: v })} />
      <div class="button-row">
        <button type="submit" class="button-primary" disabled={props.busy}>
          {m.app.save}
        </button>
        <button type="button" class="button-secondary" onClick={props.onCancel}>
          {m.app.cancel}
        </button>
      </div>
    </Form>
  );
}
