import { useEffect, useId, useState } from 'preact/hooks';
import type { Choice, ChoiceKind } from '../api/index.ts';
import { seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { TextField } from './fields.tsx';

/**
 * A text input with suggestions from `/choices` (the CASH mirror: ledger accounts, relations, journals,
 * cost centres, VAT codes) as a native datalist, so it is keyboard usable everywhere.
 */
export function ChoiceInput(props: {
  kind: ChoiceKind;
  label: string;
  value: string;
  onValue(value: string): void;
  error?: string | undefined;
  help?: string | undefined;
  placeholder?: string | undefined;
  required?: boolean;
  disabled?: boolean;
}) {
  const { api, administration } = useApp();
  const listId = useId();
  const [choices, setChoices] = useState<Choice[]>([]);
  // Suggestions are asked for once the field is used, not for every field of a long form at once.
  const [active, setActive] = useState(false);
  const query = props.value;
  useEffect(() => {
    if (!active) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .get<{ items: Choice[] }>(`/v1/app/administrations/${seg(administration)}/choices`, {
          kind: props.kind,
          q: query,
          limit: 20,
        })
        .then(
          (answer) => {
            if (current) setChoices(Array.isArray(answer?.items) ? answer.items : []);
          },
          () => {
            if (current) setChoices([]);
          },
        );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, administration, props.kind, query, active]);
  return (
    <>
      <TextField
        label={props.label}
        value={props.value}
        onValue={props.onValue}
        error={props.error}
        help={props.help}
        placeholder={props.placeholder}
        required={props.required}
        disabled={props.disabled}
        list={listId}
        onFocus={() => setActive(true)}
      />
      <datalist id={listId}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.detail ? `${choice.label} — ${choice.detail}` : choice.label}
          </option>
        ))}
      </datalist>
    </>
  );
}
