import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';

/**
 * A table's own sideways scroller, so a wide table never widens the page: a named region that keyboard users
 * can focus and scroll with the arrow keys, and a visible hint, both only while the table is wider than it.
 */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  const { m } = useApp();
  const hintId = useId();
  const frame = useRef<HTMLElement>(null);
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    // One pixel of slack: browsers round sub-pixel widths differently in scrollWidth and clientWidth.
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // The table grows with its rows (*Meer laden*) while the frame keeps its width.
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div class="table-scroll">
      {overflows ? (
        <p id={hintId} class="scroll-hint">
          <span aria-hidden="true">↔ </span>
          {m.app.scrollSideways}
        </p>
      ) : null}
      {/* A section with a name is a region landmark. */}
      <section
        ref={frame}
        class="table-wrap"
        aria-label={label}
        tabIndex={overflows ? 0 : undefined}
        aria-describedby={overflows ? hintId : undefined}
      >
        {children}
      </section>
    </div>
  );
}
