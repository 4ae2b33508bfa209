import { ApiError } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { interpolate, type Messages } from '../i18n/index.ts';

/** The sentences for an error: a 403 is "geen toegang", a problem lists field, rule and quoted value. */
export function errorLines(error: unknown, m: Messages): { title: string; lines: string[] } {
  if (error instanceof ApiError) {
    if (error.status === 403) {
      return {
        title: m.auth.noAccess,
        lines: [interpolate(m.auth.noAccessText, { rule: error.rule ?? 'role' })],
      };
    }
    const lines = (error.problem?.errors ?? []).map((detail) =>
      detail.value === undefined
        ? interpolate(m.errors.fieldNoValue, {
            path: detail.path,
            message: detail.message,
            rule: detail.rule,
          })
        : interpolate(m.errors.field, {
            path: detail.path,
            message: detail.message,
            rule: detail.rule,
            value: quoteValue(detail.value),
          }),
    );
    const head =
      error.status === 0
        ? m.errors.network
        : (error.problem?.detail ?? interpolate(m.errors.status, { status: error.status }));
    return { title: m.errors.title, lines: [head, ...lines] };
  }
  return { title: m.errors.title, lines: [error instanceof Error ? error.message : String(error)] };
}

function quoteValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { m } = useApp();
  const { title, lines } = errorLines(error, m);
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-title">{title}</p>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {onRetry ? (
        <button type="button" class="button-secondary" onClick={onRetry}>
          {m.app.retry}
        </button>
      ) : null}
    </div>
  );
}
