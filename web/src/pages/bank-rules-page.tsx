import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type BankRule, type BankRuleDraft, seg } from '../api/index.ts';
import { useApp } from '../app-context.ts';
import { moveItem, RuleForm } from '../bank-rules/index.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Loading } from '../components/notice.tsx';
import { Page } from '../components/page.tsx';
import { interpolate } from '../i18n/index.ts';
import { useLoad } from '../use-load.ts';

type RuleList = { rules?: BankRule[]; items?: BankRule[] };

function rulesOf(list: RuleList | undefined): BankRule[] {
  return list?.rules ?? list?.items ?? [];
}

/** Bankregels: the rules in the order they apply (reorder by buttons or Alt+arrows), edit, suggestions. */
export function BankRulesPage() {
  const { api, m, can, administration } = useApp();
  const base = `/v1/app/administrations/${seg(administration)}/bank-rules`;
  const loaded = useLoad(() => api.get<RuleList>(base), [api, base]);
  const suggestions = useLoad(() => api.get<RuleList>(`${base}/suggestions`), [api, base]);
  const [rules, setRules] = useState<BankRule[]>([]);
  const [editing, setEditing] = useState<BankRule | 'new' | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [announce, setAnnounce] = useState('');
  const mayAct = can('act');
  useEffect(() => setRules(rulesOf(loaded.data)), [loaded.data]);

  const act = (work: Promise<unknown>, then?: () => void) => {
    setBusy(true);
    setError(undefined);
    work.then(
      () => {
        setBusy(false);
        then?.();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };

  const move = (index: number, delta: number) => {
    const next = moveItem(rules, index, delta);
    if (next.every((rule, i) => rule.id === rules[i]?.id)) return;
    const previous = rules;
    setRules(next);
    const position = next.findIndex((rule) => rule.id === rules[index]?.id) + 1;
    setAnnounce(interpolate(m.bankRules.moved, { n: position }));
    api.post(`${base}/order`, { ids: next.map((rule) => rule.id) }).catch((failure: unknown) => {
      setRules(previous);
      setError(failure);
    });
  };

  const onKey = (index: number) => (event: JSX.TargetedKeyboardEvent<HTMLLIElement>) => {
    if (!mayAct || !event.altKey) return;
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      move(index, event.key === 'ArrowUp' ? -1 : 1);
    }
  };

  const save = (draft: BankRuleDraft) => {
    const work =
      editing === 'new' || editing === undefined
        ? api.post(base, draft)
        : api.put(`${base}/${seg(editing.id)}`, draft);
    act(work, () => {
      setEditing(undefined);
      loaded.reload();
    });
  };

  return (
    <Page
      title={m.bankRules.title}
      actions={
        mayAct ? (
          <button type="button" class="button-primary" onClick={() => setEditing('new')}>
            {m.bankRules.newRule}
          </button>
        ) : null
      }
    >
      {editing ? (
        <RuleForm
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? undefined : editing}
          busy={busy}
          onSave={save}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <h2>{m.bankRules.rules}</h2>
      {mayAct ? <p class="help">{m.bankRules.reorderHelp}</p> : null}
      <p class="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {loaded.loading ? <Loading label={m.app.loading} /> : null}
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {!loaded.loading && rules.length === 0 ? <p class="empty">{m.bankRules.empty}</p> : null}
      <ol class="rule-list">
        {rules.map((rule, index) => (
          <li
            key={rule.id}
            tabIndex={mayAct ? 0 : undefined}
            onKeyDown={onKey(index)}
            aria-label={rule.summary}
          >
            <span class="rule-summary">{rule.summary}</span>
            <span class="rule-meta">
              {m.bankRules.confirmations}: {rule.confirmations}
            </span>
            {mayAct ? (
              <span class="button-row">
                <button
                  type="button"
                  class="button-secondary"
                  disabled={index === 0}
                  aria-label={interpolate(m.bankRules.moveUp, { rule: rule.summary })}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="button-secondary"
                  disabled={index === rules.length - 1}
                  aria-label={interpolate(m.bankRules.moveDown, { rule: rule.summary })}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button type="button" class="button-secondary" onClick={() => setEditing(rule)}>
                  {m.app.edit}
                </button>
                <button
                  type="button"
                  class="button-danger"
                  onClick={() => act(api.delete(`${base}/${seg(rule.id)}`), loaded.reload)}
                >
                  {m.app.delete}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>{m.bankRules.suggestions}</h2>
      {suggestions.error ? <ErrorNotice error={suggestions.error} onRetry={suggestions.reload} /> : null}
      {!suggestions.loading && rulesOf(suggestions.data).length === 0 ? (
        <p class="empty">{m.bankRules.noSuggestions}</p>
      ) : null}
      <ul class="rule-list">
        {rulesOf(suggestions.data).map((rule) => (
          <li key={rule.id}>
            <span class="rule-summary">{rule.summary}</span>
            <span class="rule-meta">
              {m.bankRules.confirmations}: {rule.confirmations}
            </span>
            {mayAct ? (
              <span class="button-row">
                <button
                  type="button"
                  class="button-secondary"
                  onClick={() =>
                    act(api.post(`${base}/suggestions/${seg(rule.id)}/accept`), () => {
                      suggestions.reload();
                      loaded.reload();
                    })
                  }
                >
                  {m.bankRules.acceptSuggestion}
                </button>
                <button
                  type="button"
                  class="button-secondary"
                  onClick={() =>
                    act(api.post(`${base}/suggestions/${seg(rule.id)}/decline`), suggestions.reload)
                  }
                >
                  {m.bankRules.declineSuggestion}
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </Page>
  );
}
