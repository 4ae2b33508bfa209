// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, type AppRole } from '../src/api/index.ts';
import { App } from '../src/app.tsx';
import { fakeFetch, meFor } from './harness.tsx';

const overview = {
  connectors: [
    {
      connector: 'invoice-mailbox',
      administration: 'DEMO',
      today: { booked: 3, review: 1, rejected: 0, failed: 0 },
      week: { booked: 20, review: 2, rejected: 1, failed: 0 },
      silent: true,
      expectedWithinHours: 24,
    },
  ],
  deadLetters: 2,
  cashBudget: { used: 40, limit: 100, windowSeconds: 60 },
  bookingsPerDay: [{ date: '2026-11-30', booked: 5, review: 1, rejected: 0, failed: 1 }],
};

function renderApp(role: AppRole) {
  const fake = fakeFetch((call) =>
    call.path === '/v1/app/overview' ? { status: 200, body: overview } : { status: 200, body: { items: [] } },
  );
  const api = new ApiClient('', { accessToken: async () => 't', unauthorized: () => undefined }, fake.fetch);
  render(<App api={api} me={meFor(role)} locale="nl" signOut={() => undefined} />);
  return fake;
}

beforeEach(() => {
  history.replaceState(null, '', '/');
  localStorage.clear();
});
afterEach(cleanup);

describe('the app shell', () => {
  it.each([
    [
      'operator',
      [
        'Overzicht',
        'Te beoordelen',
        'Documenten',
        'Runs',
        'Leveringen',
        'Bankregels',
        'Bonnetje',
        'Relaties',
        'Bedrijfsstatus',
        'Uren en facturen',
        'Instellingen',
      ],
    ],
    [
      'bookkeeper',
      [
        'Overzicht',
        'Te beoordelen',
        'Documenten',
        'Runs',
        'Leveringen',
        'Bankregels',
        'Bonnetje',
        'Relaties',
        'Bedrijfsstatus',
        'Uren en facturen',
      ],
    ],
    [
      'read-only',
      ['Overzicht', 'Te beoordelen', 'Documenten', 'Runs', 'Leveringen', 'Bankregels', 'Bedrijfsstatus'],
    ],
  ] as const)('shows a %s only what the role may do', async (role, expected) => {
    // Prepare / Act
    renderApp(role);
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    // Assess
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(expected);
    await screen.findByText('invoice-mailbox');
  });

  it('has a skip link, landmarks and exactly one h1', async () => {
    // Prepare / Act
    renderApp('operator');
    await screen.findByText('invoice-mailbox');
    // Assess
    expect(screen.getByRole('link', { name: 'Naar de inhoud' }).getAttribute('href')).toBe('#main');
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(document.querySelectorAll('h1')).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1, name: 'Overzicht' })).toBeTruthy();
    expect(screen.getByText(/Stil: niets ontvangen binnen 24 uur/)).toBeTruthy();
  });

  it('switches to English and keeps the choice', async () => {
    // Prepare
    renderApp('bookkeeper');
    // Act
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
    expect(localStorage.getItem('cashlink.locale')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('answers a page the role may not use with "Geen toegang"', async () => {
    // Prepare
    history.replaceState(null, '', '/instellingen');
    // Act
    renderApp('read-only');
    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
  });

  it.each(['/', '/documenten', '/te-beoordelen', '/bankregels'])(
    'offers a user granted no administration no pages and asks for nothing at %s',
    async (path) => {
      // Prepare
      history.replaceState(null, '', path);
      const fake = fakeFetch(() => ({ status: 200, body: { items: [] } }));
      const api = new ApiClient(
        '',
        { accessToken: async () => 't', unauthorized: () => undefined },
        fake.fetch,
      );
      const outsider = { ...meFor('bookkeeper'), administrations: [] };
      // Act
      render(<App api={api} me={outsider} locale="nl" signOut={() => undefined} />);
      // Assess
      expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
      expect(screen.getByText(/geen toegang tot een administratie van deze omgeving/)).toBeTruthy();
      expect(screen.queryByRole('navigation', { name: 'Hoofdmenu' })).toBeNull();
      expect(screen.queryByRole('link', { name: 'Documenten' })).toBeNull();
      expect(screen.queryByRole('link', { name: 'Te beoordelen' })).toBeNull();
      expect(screen.queryByRole('combobox')).toBeNull();
      expect(fake.calls).toEqual([]);
      expect(screen.getByRole('button', { name: 'Uitloggen' })).toBeTruthy();
    },
  );

  it('keeps the app when a page meets an answer it cannot show', async () => {
    // Prepare
    history.replaceState(null, '', '/bedrijfsstatus');
    const fake = fakeFetch(() => ({
      status: 200,
      body: { asOf: 42, bankAccounts: 'not a list', receivables: {}, month: {} },
    }));
    const api = new ApiClient(
      '',
      { accessToken: async () => 't', unauthorized: () => undefined },
      fake.fetch,
    );
    // Act
    render(<App api={api} me={meFor('bookkeeper')} locale="nl" signOut={() => undefined} />);
    // Assess
    expect(await screen.findByRole('heading', { level: 1, name: 'Er ging iets mis' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Hoofdmenu' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Opnieuw proberen' })).toBeTruthy();
  });

  it('moves the focus to the new page heading after navigation', async () => {
    // Prepare
    renderApp('bookkeeper');
    await screen.findByText('invoice-mailbox');
    // Act
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Hoofdmenu' })).getByRole('link', { name: 'Documenten' }),
    );
    // Assess
    const heading = await screen.findByRole('heading', { level: 1, name: 'Documenten' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(location.pathname).toBe('/documenten');
    expect(document.title).toBe('Documenten · cashlink');
  });

  it('folds the banner and the navigation behind a menu button that opens, takes the focus in and closes', async () => {
    // Prepare
    renderApp('bookkeeper');
    await screen.findByText('invoice-mailbox');
    const menu = screen.getByRole('button', { name: 'Menu' });
    const panel = document.getElementById(menu.getAttribute('aria-controls') ?? '');
    // Assess: it controls the panel that holds the tools and the navigation, folded
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(panel?.contains(screen.getByRole('navigation', { name: 'Hoofdmenu' }))).toBe(true);
    expect(panel?.contains(screen.getByRole('button', { name: 'Uitloggen' }))).toBe(true);
    expect(panel?.classList.contains('menu-open')).toBe(false);

    // Act: open
    fireEvent.click(menu);
    // Assess: open, the focus on its first control (the administration)
    await waitFor(() => expect(menu.getAttribute('aria-expanded')).toBe('true'));
    expect(panel?.classList.contains('menu-open')).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Administratie')));

    // Act: Escape
    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    // Assess: closed, the focus back on the button
    await waitFor(() => expect(menu.getAttribute('aria-expanded')).toBe('false'));
    expect(document.activeElement).toBe(menu);

    // Act: open again and choose a page
    fireEvent.click(menu);
    await waitFor(() => expect(menu.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Hoofdmenu' })).getByRole('link', { name: 'Runs' }),
    );
    // Assess: closed, and the page's heading has the focus
    const heading = await screen.findByRole('heading', { level: 1, name: 'Runs' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('closes the menu on the link of the page already shown and gives the focus to its heading', async () => {
    // Prepare
    renderApp('bookkeeper');
    await screen.findByText('invoice-mailbox');
    const menu = screen.getByRole('button', { name: 'Menu' });
    fireEvent.click(menu);
    await waitFor(() => expect(menu.getAttribute('aria-expanded')).toBe('true'));
    // Act
    fireEvent.click(
      within(screen.getByRole('navigation', { name: 'Hoofdmenu' })).getByRole('link', { name: 'Overzicht' }),
    );
    // Assess
    await waitFor(() => expect(menu.getAttribute('aria-expanded')).toBe('false'));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Overzicht' }));
  });
});
