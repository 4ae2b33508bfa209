import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailRoutes } from '../../../infra/constructs/mail-intake.ts';
import { MailInbound } from '../../../lib/tenant/index.ts';

const codes = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), {
  minLength: 1,
  maxLength: 8,
  selector: (code) => code.toLowerCase(),
});

describe('Function: mailRoutes', () => {
  it.each([
    [
      'per-direction',
      ['adm-purchase@inbox.example.nl', 'adm-sales@inbox.example.nl', 'adm-bank@inbox.example.nl'],
      ['ADM/purchase/', 'ADM/sales/', 'ADM/bank/'],
    ],
    ['single', ['adm@inbox.example.nl'], ['ADM/inbox-email/']],
  ] as const)(
    '%s: one lowercase address per mailbox folder of the administration',
    (layout, recipients, prefixes) => {
      // Prepare
      const settings = MailInbound.parse({
        enabled: true,
        domain: 'inbox.example.nl',
        ruleSetName: 'rules',
        layout,
      });

      // Act
      const routes = mailRoutes(settings, ['ADM']);

      // Assess
      expect(routes.map((r) => r.recipient)).toEqual(recipients);
      expect(routes.map((r) => r.prefix)).toEqual(prefixes);
    },
  );

  it('gives every administration its own addresses and prefixes, never shared (property)', () => {
    fc.assert(
      fc.property(
        codes,
        fc.constantFrom('single' as const, 'per-direction' as const),
        (administrations, layout) => {
          // Act
          const routes = mailRoutes(
            { enabled: true, domain: 'mail.example.nl', ruleSetName: 'r', layout },
            administrations,
          );

          // Assess
          expect(new Set(routes.map((r) => r.recipient)).size).toBe(routes.length);
          expect(new Set(routes.map((r) => r.prefix)).size).toBe(routes.length);
          for (const route of routes) {
            expect(route.recipient).toBe(route.recipient.toLowerCase());
            expect(route.recipient.endsWith('@mail.example.nl')).toBe(true);
            expect(route.prefix.startsWith(`${route.administration}/`)).toBe(true);
          }
        },
      ),
    );
  });
});
