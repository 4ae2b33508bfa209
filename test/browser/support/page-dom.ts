/**
 * The little of the DOM that in-page checks (`page.evaluate`) read, typed for the project's tsconfig, which
 * has no DOM library (everything else is Node code). Inside a check: `globalThis as unknown as PageWindow`.
 */
export interface PageElement {
  tagName: string;
  id: string;
  className: string;
  textContent: string | null;
  tabIndex: number;
  scrollWidth: number;
  clientWidth: number;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  getClientRects(): { length: number };
  getBoundingClientRect(): { width: number; height: number };
  children: Iterable<PageElement>;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

export interface PageWindow {
  innerWidth: number;
  scrollX: number;
  document: {
    documentElement: PageElement;
    activeElement: PageElement | null;
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement>;
  };
  getComputedStyle(
    element: PageElement,
    pseudo?: string,
  ): { display: string; content: string; overflowX: string };
}
