// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BankRulesPage } from '../src/pages/bank-rules-page.tsx';
import { DocumentsPage } from '../src/pages/documents-page.tsx';
import { RunsPage } from '../src/pages/runs-page.tsx';
import { SettingsPage } from '../src/pages/settings-page.tsx';
import { renderWith } from './harness.tsx';

afterEach(cleanup);

const rule = (id: string, summary: string) => ({
  id,
  origin: 'user',
  conditions: {},
  action: {},
  confirmations: 1,
  summary,
});

describe('Bankregels', () => {
  const rules = [
    rule('r1', 'IBAN NL01 → 4600'),
    rule('r2', 'naam Jansen → 10001'),
    rule('r3', 'tekst huur → 4300'),
  ];
  const handler = (call: { path: string; method: string }) => {
    if (call.path.endsWith('/bank-rules/suggestions'))
      return { status: 200, body: { items: [rule('s1', 'naam KPN → 4400')] } };
    if (call.path.endsWith('/bank-rules') && call.method === 'GET') return { status: 200, body: { rules } };
    if (call.path.endsWith('/bank-rules/order')) return { status: 200, body: {} };
    if (call.path.includes('/suggestions/')) return { status: 200, body: {} };
    return undefined;
  };

  it('moves a rule down by button and up by Alt+ArrowUp, sending the order', async () => {
    // Prepare
    const { calls } = renderWith(<BankRulesPage />, handler);
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'IBAN NL01 → 4600 omlaag' }));
    fireEvent.keyDown(screen.getByRole('listitem', { name: 'tekst huur → 4300' }), {
      key: 'ArrowUp',
      altKey: true,
    });
    // Assess
    await waitFor(() => expect(calls.filter((c) => c.path.endsWith('/order'))).toHaveLength(2));
    const orders = calls.filter((c) => c.path.endsWith('/order')).map((c) => c.body);
    expect(orders).toEqual([{ ids: ['r2', 'r1', 'r3'] }, { ids: ['r2', 'r3', 'r1'] }]);
    expect(screen.getByRole('status').textContent).toBe('Regel verplaatst naar positie 2.');
  });

  it('accepts a suggestion', async () => {
    // Prepare
    const { calls } = renderWith(<BankRulesPage />, handler);
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'Overnemen' }));
    // Assess
    await waitFor(() =>
      expect(
        calls.some((c) => c.path === '/v1/app/administrations/DEMO/bank-rules/suggestions/s1/accept'),
      ).toBe(true),
    );
  });

  it('shows a read-only user the rules without buttons', async () => {
    // Prepare / Act
    renderWith(<BankRulesPage />, handler, 'read-only');
    await screen.findByText('IBAN NL01 → 4600');
    // Assess
    expect(screen.queryByRole('button', { name: /omlaag/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Nieuwe regel' })).toBeNull();
  });

  it('creates a rule and names the fields that are wrong first', async () => {
    // Prepare
    const { calls } = renderWith(<BankRulesPage />, (call) =>
      call.method === 'POST' && call.path.endsWith('/bank-rules') ? { status: 201, body: {} } : handler(call),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Nieuwe regel' }));
    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const before = calls.filter((c) => c.method === 'POST').length;
    fireEvent.input(screen.getByLabelText('Naam bevat'), { target: { value: 'KPN' } });
    fireEvent.input(screen.getByLabelText('Bedrag vanaf'), { target: { value: '10,00' } });
    fireEvent.input(screen.getByLabelText('Grootboekrekening'), { target: { value: '4400' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    // Assess
    expect(before).toBe(0);
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/bank-rules'))?.body).toEqual({
        conditions: { nameContains: 'KPN', amountMinCents: 1000 },
        action: { ledgerAccount: '4400' },
      }),
    );
  });
});

describe('Instellingen', () => {
  it('creates an API key and shows its secret once', async () => {
    // Prepare
    const { calls } = renderWith(
      <SettingsPage />,
      (call) => {
        if (call.path === '/v1/app/api-keys' && call.method === 'POST')
          return { status: 201, body: { id: 'k2', secret: 'clk_secret_123' } };
        if (call.path === '/v1/app/api-keys')
          return {
            status: 200,
            body: {
              items: [
                {
                  id: 'k1',
                  name: 'webshop',
                  scopes: ['events:write'],
                  administrations: '*',
                  createdAt: '2026-11-01T10:00:00Z',
                },
              ],
            },
          };
        if (call.path === '/v1/app/users')
          return {
            status: 200,
            body: {
              items: [
                {
                  username: 'lezer@demo.cashlink.local',
                  role: 'read-only',
                  administrations: ['DEMO'],
                  enabled: true,
                },
              ],
            },
          };
        if (call.path.endsWith('/settings'))
          return {
            status: 200,
            body: {
              connectors: {
                'invoice-mailbox': { settings: { autoBook: true }, mappings: {}, overridable: true },
              },
            },
          };
        return undefined;
      },
      'operator',
    );
    await screen.findByText('webshop');
    // Act
    fireEvent.input(screen.getByLabelText(/^Naam \*?$/), { target: { value: 'kassa' } });
    fireEvent.input(screen.getByLabelText(/^Rechten/), { target: { value: 'events:write, documents:read' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sleutel maken' }));
    // Assess
    expect(await screen.findByText('clk_secret_123')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST' && c.path === '/v1/app/api-keys')?.body).toEqual({
      name: 'kassa',
      scopes: ['events:write', 'documents:read'],
      administrations: '*',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sluiten' }));
    expect(screen.queryByText('clk_secret_123')).toBeNull();
    expect(await screen.findByDisplayValue('true')).toBeTruthy();
    expect(screen.getByText('lezer@demo.cashlink.local')).toBeTruthy();
  });
});

describe('Runs', () => {
  it('runs a connector now and previews a replay before sending', async () => {
    // Prepare
    const { calls } = renderWith(
      <RunsPage />,
      (call) => {
        if (call.path === '/v1/app/overview') {
          return {
            status: 200,
            body: {
              connectors: [
                { connector: 'bank-import', administration: 'DEMO', today: {}, week: {}, silent: false },
              ],
              deadLetters: 0,
              bookingsPerDay: [],
            },
          };
        }
        if (call.path === '/v1/app/runs') {
          return {
            status: 200,
            body: {
              items: [
                {
                  id: 'run-1',
                  connector: 'bank-import',
                  trigger: 'schedule',
                  startedAt: '2026-12-01T06:00:00Z',
                  status: 'ok',
                  counts: { booked: 4 },
                  errors: [],
                },
              ],
            },
          };
        }
        if (call.path.endsWith('/run')) return { status: 202, body: { runId: 'run-2' } };
        if (call.path.endsWith('/replay')) {
          const dry = (call.body as { dryRun: boolean }).dryRun;
          return {
            status: 200,
            body: {
              wouldSend: [{ id: 'd1', title: 'Afschrift 12' }],
              skipped: dry ? [{ id: 'd0', reason: 'already-booked' }] : [],
            },
          };
        }
        return undefined;
      },
      'operator',
    );
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'Nu uitvoeren' }));
    await screen.findByText('Run run-2 is gestart.');
    fireEvent.input(screen.getByLabelText(/^Vanaf/), { target: { value: '2026-11-01' } });
    fireEvent.input(screen.getByLabelText(/^Tot en met/), { target: { value: '2026-11-30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Periode opnieuw' }));
    await screen.findByText('d0: already-booked');
    fireEvent.click(screen.getByRole('button', { name: 'Versturen' }));
    // Assess
    await screen.findByText('1 documenten verstuurd.');
    expect(screen.getByText('booked 4')).toBeTruthy();
    const replays = calls.filter((c) => c.path === '/v1/app/runs/bank-import/replay').map((c) => c.body);
    expect(replays).toEqual([
      { administration: 'DEMO', from: '2026-11-01', to: '2026-11-30', dryRun: true },
      { administration: 'DEMO', from: '2026-11-01', to: '2026-11-30', dryRun: false },
    ]);
  });

  it('offers a bookkeeper no run buttons', async () => {
    // Prepare / Act
    renderWith(
      <RunsPage />,
      () => ({ status: 200, body: { items: [], connectors: [{ connector: 'x', administration: 'DEMO' }] } }),
      'bookkeeper',
    );
    await screen.findByText('Nog geen runs.');
    // Assess
    expect(screen.queryByRole('button', { name: 'Nu uitvoeren' })).toBeNull();
  });
});

describe('Documenten', () => {
  it('searches with filters as query parameters (amounts in cents)', async () => {
    // Prepare
    const { calls } = renderWith(<DocumentsPage />, () => ({
      status: 200,
      body: { items: [], nextCursor: undefined },
    }));
    await screen.findByText('Geen documenten gevonden.');
    // Act
    fireEvent.input(screen.getByLabelText('Zoeken in documenten'), { target: { value: 'jansen' } });
    fireEvent.input(screen.getByLabelText('Bedrag vanaf'), { target: { value: '1.000,50' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'booked' } });
    // Assess
    await waitFor(() => {
      const query = calls.at(-1)?.query;
      expect(query?.get('q')).toBe('jansen');
      expect(query?.get('minCents')).toBe('100050');
      expect(query?.get('status')).toBe('booked');
      expect(query?.get('administration')).toBe('DEMO');
    });
  });

  it('says a wrong amount instead of sending it', async () => {
    // Prepare
    const { calls } = renderWith(<DocumentsPage />, () => ({ status: 200, body: { items: [] } }));
    await screen.findByText('Geen documenten gevonden.');
    // Act
    fireEvent.input(screen.getByLabelText('Bedrag tot en met'), { target: { value: '12,3,4' } });
    // Assess
    expect(await screen.findByText('geen bedrag (bijv. 1.234,56)')).toBeTruthy();
    expect(calls.every((c) => !c.query.has('maxCents'))).toBe(true);
  });
});
