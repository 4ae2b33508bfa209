// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectors } from '../../lib/tenant/index.ts';
import type { ConnectorSettings } from '../src/api/index.ts';
import { ConnectorSettingsForm } from '../src/settings/index.ts';
import { type Handler, renderWith } from './harness.tsx';

afterEach(cleanup);

const settingsSchema = (name: keyof typeof connectors) =>
  z.toJSONSchema(connectors[name].settings, { io: 'input', unrepresentable: 'any' }) as never;

/** The view GET …/settings answers (as lib/app-api/settings builds it), with the real schemas. */
function view(override?: {
  settings: Record<string, unknown>;
  mappings?: Record<string, Record<string, string | null>>;
}) {
  const tenant = { settings: { journal: 'ABN' }, mappings: { vatCodes: { '21': '2', '9': '1' } } };
  const settings = { ...tenant.settings, ...(override?.settings ?? {}) };
  return {
    administration: 'DEMO',
    connectors: {
      'bank-import': {
        settings,
        mappings: tenant.mappings,
        tenant,
        overridable: true,
        fixedKeys: ['bunq'],
        ...(override
          ? {
              override: {
                settings: override.settings,
                mappings: override.mappings ?? {},
                updatedAt: '2026-12-01T09:30:00.000Z',
                updatedBy: 'beheer@demo.cashlink.local',
              },
            }
          : {}),
      },
      'cash-writer': { settings: { maxConcurrency: 2 }, mappings: {}, overridable: false, fixedKeys: [] },
    },
    schema: { 'bank-import': settingsSchema('bank-import'), 'cash-writer': settingsSchema('cash-writer') },
    mappingsSchema: {
      type: 'object',
      propertyNames: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]{0,39}$' },
      additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
      properties: {
        vatCodes: { type: 'object', additionalProperties: { type: 'string', 'x-choice': 'vatCodes' } },
      },
    },
  } satisfies ConnectorSettings;
}

function render(answer: ConnectorSettings, put?: Handler) {
  return renderWith(
    <ConnectorSettingsForm />,
    (call) => {
      if (call.path.endsWith('/settings') && call.method === 'GET') return { status: 200, body: answer };
      if (call.path.endsWith('/settings') && call.method === 'PUT')
        return put?.(call) ?? { status: 200, body: answer };
      if (call.path.endsWith('/choices')) return { status: 200, body: { items: [] } };
      return undefined;
    },
    'operator',
  );
}

const bankForm = () => screen.getByRole('form', { name: 'Instellingen van bank-import' });

describe('Instellingen per koppeling', () => {
  it('shows the settings as fields from the schema, the mappings as a table, and where each value comes from', async () => {
    // Prepare
    render(view());
    // Act
    const journal = await screen.findByLabelText(/^Bankdagboek/);
    // Assess
    expect((journal as HTMLInputElement).value).toBe('ABN');
    const form = bankForm();
    expect(within(form).getAllByText('Tenantbestand').length).toBeGreaterThan(0);
    expect((within(form).getByLabelText(/^Btw-codes 21/) as HTMLInputElement).value).toBe('2');
    expect(
      within(form)
        .getByLabelText(/^Deelbetalingen automatisch boeken/)
        .getAttribute('type'),
    ).toBe('checkbox');
    expect(within(form).getByText(/van 1 tot 168/)).toBeTruthy();
    expect((within(form).getByLabelText(/^Stilte-alarm na/) as HTMLInputElement).value).toBe('');
    expect(screen.getByText('Geen aanpassingen: alles komt uit het tenantbestand.')).toBeTruthy();
  });

  it('sends only what differs from the tenant file: a changed setting, a new and a removed mapping entry', async () => {
    // Prepare
    const { calls } = render(view());
    const account = await screen.findByLabelText(/^Vraagpostenrekening/);
    // Act
    fireEvent.input(account, { target: { value: '1900' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verwijderen: Btw-codes 9' }));
    fireEvent.input(screen.getByLabelText('Nieuwe sleutel voor Btw-codes'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Toevoegen aan Btw-codes' }));
    fireEvent.input(screen.getByLabelText(/^Btw-codes 0/), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'bank-import opslaan' }));
    // Assess
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      connectors: {
        'bank-import': {
          settings: { suspenseAccount: '1900' },
          mappings: { vatCodes: { '9': null, '0': '0' } },
        },
      },
    });
  });

  it('names a field the schema refuses before sending anything', async () => {
    // Prepare
    const { calls } = render(view());
    const account = await screen.findByLabelText(/^Vraagpostenrekening/);
    // Act
    fireEvent.input(account, { target: { value: 'vraag posten' } });
    fireEvent.input(within(bankForm()).getByLabelText(/^Stilte-alarm na/), { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'bank-import opslaan' }));
    // Assess
    expect(await screen.findAllByText(/voldoet niet aan het patroon/)).toHaveLength(2);
    expect(screen.getAllByText('hoogstens 168').length).toBeGreaterThan(0);
    expect(account.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it("puts the API's field errors on their fields", async () => {
    // Prepare
    render(view(), () => ({
      status: 400,
      body: {
        title: 'Bad Request',
        detail: 'the settings are invalid; nothing was stored',
        errors: [
          {
            path: 'connectors.bank-import.settings.differenceAccount',
            rule: 'custom',
            message: 'shortPaymentTolerance needs differenceAccount',
          },
        ],
      },
    }));
    await screen.findByLabelText(/^Vraagpostenrekening/);
    // Act
    fireEvent.input(screen.getByLabelText(/^Percentage/), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'bank-import opslaan' }));
    // Assess
    const field = screen.getByLabelText(/^Rekening betalingsverschillen/);
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText(/shortPaymentTolerance needs differenceAccount/).length).toBeGreaterThan(1);
  });

  it('marks an override with who changed it and sets it back to the tenant file', async () => {
    // Prepare
    const { calls } = render(view({ settings: { journal: 'RABO' } }));
    const journal = await screen.findByLabelText(/^Bankdagboek/);
    expect((journal as HTMLInputElement).value).toBe('RABO');
    expect(screen.getByText('Aangepast')).toBeTruthy();
    expect(screen.getByText('Tenantbestand: ABN')).toBeTruthy();
    expect(
      screen.getByText('Laatst aangepast door beheer@demo.cashlink.local op 01-12-2026 10:30.'),
    ).toBeTruthy();
    // Act
    fireEvent.click(screen.getByRole('button', { name: 'Bankdagboek terugzetten naar het tenantbestand' }));
    fireEvent.click(screen.getByRole('button', { name: 'bank-import opslaan' }));
    // Assess
    expect((screen.getByLabelText(/^Bankdagboek/) as HTMLInputElement).value).toBe('ABN');
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      connectors: { 'bank-import': { settings: {}, mappings: {} } },
    });
  });

  it('shows a connector that reads the tenant file only as read-only, with the reason', async () => {
    // Prepare
    render(view());
    // Act
    const form = await screen.findByRole('form', { name: 'Instellingen van cash-writer' });
    // Assess
    expect((within(form).getByLabelText(/^Gelijktijdige batches/) as HTMLInputElement).disabled).toBe(true);
    expect(within(form).queryByRole('button', { name: /opslaan/ })).toBeNull();
    expect(screen.getByText(/cash-writer leest zijn instellingen alleen uit het tenantbestand/)).toBeTruthy();
    const bunq = within(bankForm()).getByRole('group', { name: 'bunq-koppelingen' });
    expect(within(bunq).queryByRole('button')).toBeNull();
    expect(
      within(bankForm()).getByText('Alleen in het tenantbestand (geheimen en koppelingen).'),
    ).toBeTruthy();
  });
});
