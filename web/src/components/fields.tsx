import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  value: string;
  onValue(value: string): void;
  error?: string | undefined;
  help?: string | undefined;
  type?: 'text' | 'email' | 'search' | 'date' | 'number' | 'password';
  required?: boolean;
  disabled?: boolean;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'search';
  list?: string;
  autoComplete?: string;
  name?: string;
  /** What applies when the field is left empty (a default), shown greyed in it. */
  placeholder?: string | undefined;
  onFocus?: () => void;
}

/** A field's help and error below it, with the ids its aria-describedby names. */
function FieldNotes(props: { id: string; help?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.help ? (
        <p id={`${props.id}-help`} class="field-help">
          {props.help}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${props.id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, props: { help?: string | undefined; error?: string | undefined }) {
  const ids = [props.error ? `${id}-error` : '', props.help ? `${id}-help` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/** A labelled input; its error and help are tied to it with aria-describedby. */
export function TextField(props: FieldProps) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        inputMode={props.inputMode}
        list={props.list}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onInput={(event) => props.onValue((event.currentTarget as HTMLInputElement).value)}
        onFocus={props.onFocus}
      />
      <FieldNotes id={id} help={props.help} error={props.error} />
    </div>
  );
}

export function TextArea(props: Omit<FieldProps, 'type' | 'inputMode' | 'list'> & { rows?: number }) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 8}
        value={props.value}
        disabled={props.disabled}
        spellcheck={false}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onInput={(event) => props.onValue((event.currentTarget as HTMLTextAreaElement).value)}
      />
      {props.error ? (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  onValue(value: string): void;
  options: Array<{ value: string; label: string }>;
  disabled?: boolean;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(event) => props.onValue((event.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {props.error ? (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField(props: {
  label: string;
  checked: boolean;
  onChecked(value: boolean): void;
  disabled?: boolean;
  help?: string | undefined;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div class={`field field-check${props.error ? ' field-invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props)}
        onChange={(event) => props.onChecked((event.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{props.label}</label>
      <FieldNotes id={id} help={props.help} error={props.error} />
    </div>
  );
}

/** A form whose submit never reloads the page. */
export function Form(props: {
  onSubmit(): void;
  children: ComponentChildren;
  label?: string;
  class?: string;
}) {
  const submit = (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form class={props.class ?? 'form'} aria-label={props.label} onSubmit={submit} noValidate>
      {props.children}
    </form>
  );
}
