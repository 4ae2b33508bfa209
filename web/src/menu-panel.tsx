import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useApp } from './app-context.ts';

const FOCUSABLE = 'a[href], button:not([disabled]), select:not([disabled]), input:not([disabled])';

/** Closes the menu: the links in it call it when chosen. */
export type CloseMenu = (event: MouseEvent) => void;

/**
 * The banner's tools and the navigation: on a wide screen always shown (the CSS lets the panel's children
 * sit in the banner as if it were not there); below 48rem folded behind a menu button, so on a phone the
 * page's content comes right after the skip link, the brand and the button in the Tab order. Opening moves
 * the focus into the menu, Escape closes it and gives the focus back to the button, and a link chosen
 * closes it.
 */
export function MenuPanel({
  path,
  children,
}: {
  path: string;
  children: (closeMenu: CloseMenu) => ComponentChildren;
}) {
  const { m } = useApp();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const focusOnOpen = useRef(false);

  // A new path (a page chosen, here or in the page) closes it.
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    if (focusOnOpen.current) {
      focusOnOpen.current = false;
      panel.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    }
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', closeOnEscape);
    return () => document.removeEventListener('keydown', closeOnEscape);
  }, [open]);

  const toggle = () => {
    focusOnOpen.current = !open;
    setOpen(!open);
  };
  // The page a link leads to takes the focus on its heading; when it is this page (no new path) the
  // heading is given it here, rather than leaving it on the link that just disappeared.
  const closeMenu: CloseMenu = (event) => {
    setOpen(false);
    const link = event.currentTarget as HTMLElement | null;
    if (link?.getAttribute('aria-current') === 'page')
      document.querySelector<HTMLElement>('main h1')?.focus();
  };

  return (
    <div class="menu">
      <button
        ref={button}
        type="button"
        class="menu-button button-secondary"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={panelId}
        onClick={toggle}
      >
        <span class="menu-icon" aria-hidden="true" />
        {m.app.menu}
      </button>
      <div ref={panel} id={panelId} class={open ? 'menu-panel menu-open' : 'menu-panel'}>
        {children(closeMenu)}
      </div>
    </div>
  );
}
