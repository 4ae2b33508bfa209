// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveriesPage } from '../src/pages/deliveries-page.tsx';
import { type Call, renderWith } from './harness.tsx';

afterEach(cleanup);

const record = (key: string, status: string, extra: Record<string, unknown> = {}) => ({
  administration: 'DEMO',
  target: 'woocommerce',
  type: 'article.changed',
  key,
  status,
  attempts: status === 'failed' ? 5 : 1,
  updatedAt: '2026-12-02T09:00:00.000Z',
  ...extra,
});

function handler(options: { canRetry?: boolean } = {}) {
  return (call: Call) => {
    if (call.path === '/v1/app/deliveries/targets')
      return {
        status: 200,
        body: { targets: ['woocommerce', 'magento'], canRetry: options.canRetry ?? true },
      };
    if (call.path === '/v1/app/deliveries')
      return {
        status: 200,
        body: {
          items:
            call.query.get('status') === 'failed'
              ? [record('WP-100', 'failed', { error: 'HTTP 400: regular_price is not valid' })]
              : [record('WP-100', 'failed'), record('WP-200', 'delivered', { remoteId: '812' })],
        },
      };
    if (call.path === '/v1/app/deliveries/retry')
      return {
        status: 202,
        body: { status: 'pending', target: 'woocommerce', type: 'article.changed', key: 'WP-100' },
      };
    return undefined;
  };
}

describe('Leveringen', () => {
  it('lists the failed deliveries of the first target first, with the target’s answer', async () => {
    // Prepare
    const { calls } = renderWith(<DeliveriesPage />, handler(), 'operator');
    // Act
    const row = await screen.findByRole('row', { name: /WP-100/ });
    // Assess
    expect(within(row).getByText('HTTP 400: regular_price is not valid')).toBeTruthy();
    expect(within(row).getByText('mislukt')).toBeTruthy();
    const list = calls.find((c) => c.path === '/v1/app/deliveries');
    expect(list?.query.get('target')).toBe('woocommerce');
    expect(list?.query.get('administration')).toBe('DEMO');
    expect(list?.query.get('status')).toBe('failed');
  });

  it('sends a failed delivery again for an operator and says so', async () => {
    // Prepare
    const { calls } = renderWith(<DeliveriesPage />, handler(), 'operator');
    // Act
    fireEvent.click(await screen.findByRole('button', { name: 'WP-100 opnieuw versturen' }));
    // Assess
    await waitFor(() => expect(screen.getByText('WP-100 gaat opnieuw naar woocommerce.')).toBeTruthy());
    expect(calls.find((c) => c.path === '/v1/app/deliveries/retry')?.body).toEqual({
      administration: 'DEMO',
      target: 'woocommerce',
      type: 'article.changed',
      key: 'WP-100',
    });
  });

  it.each([
    ['a bookkeeper', 'bookkeeper', true],
    ['an operator of a stack without delivery queues', 'operator', false],
  ] as const)('offers no sending again to %s', async (_name, role, canRetry) => {
    // Prepare
    renderWith(<DeliveriesPage />, handler({ canRetry }), role);
    // Act
    await screen.findByRole('row', { name: /WP-100/ });
    // Assess
    expect(screen.queryByRole('button', { name: /opnieuw versturen/ })).toBeNull();
  });

  it('shows every status when asked, with what the target named', async () => {
    // Prepare
    renderWith(<DeliveriesPage />, handler(), 'operator');
    await screen.findByRole('row', { name: /WP-100/ });
    // Act
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    // Assess
    const row = await screen.findByRole('row', { name: /WP-200/ });
    expect(within(row).getByText('afgeleverd')).toBeTruthy();
    expect(within(row).getByText('812')).toBeTruthy();
  });
});
