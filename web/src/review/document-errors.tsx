import type { DocumentError } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { interpolate } from '../i18n/index.ts';

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}

/** A document's errors (CASH's reasons, validation): where, rule, message and the value quoted. */
export function DocumentErrors({ errors, title }: { errors: DocumentError[]; title: string }) {
  const { m } = useApp();
  if (errors.length === 0) return null;
  return (
    <section class="errors" aria-label={title}>
      <h2>{title}</h2>
      <ul>
        {errors.map((error, i) => (
          <li key={i}>
            <strong>{error.source}</strong>
            {error.line !== undefined ? ` (${interpolate(m.documents.errorLine, { n: error.line })})` : ''}
            {error.path ? ` ${error.path}` : ''}
            {error.rubriek ? ` [${interpolate(m.documents.rubriek, { n: error.rubriek })}]` : ''}:{' '}
            {error.message}
            {error.rule ? ` (${error.rule})` : ''}
            {error.value !== undefined ? ` ${quote(error.value)}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
