import type { ComponentChildren } from 'preact';

/** A short confirmation, read out by screen readers when it appears. */
export function SuccessNotice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-ok" role="status">
      {children}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}
