import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  issuerOrigin,
  securityHeaders,
  webAppConfig,
} from '../../../lib/web-hosting/index.ts';

describe('web app security headers', () => {
  it.each([
    [
      'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbC',
      'https://cognito-idp.eu-central-1.amazonaws.com',
    ],
    ['http://127.0.0.1:3002', 'http://127.0.0.1:3002'],
    ['https://login.example.nl/oauth2/?x=1', 'https://login.example.nl'],
  ])('the CSP allows the issuer %s by its origin %s only', (issuer, origin) => {
    // Act
    const csp = contentSecurityPolicy(issuer);

    // Assess
    expect(csp).toContain(`connect-src 'self' ${origin};`);
    expect(csp).toMatch(new RegExp(`form-action 'self' ${origin.replace(/[.]/g, '\\.')}$`));
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it.each([['not a url'], ['javascript:alert(1)'], ['ftp://files.example']])(
    'refuses the issuer %s, naming the value',
    (issuer) => {
      // Act, Assess
      expect(() => issuerOrigin(issuer)).toThrow(/^issuer: .*"/);
    },
  );

  it('never lets an issuer break out of its directive (property)', () => {
    // Act, Assess
    fc.assert(
      fc.property(fc.constantFrom('http', 'https'), fc.domain(), fc.nat(65535), (scheme, host, port) => {
        const url = `${scheme}://${host}:${port}/pool`;
        const csp = contentSecurityPolicy(url);
        expect(csp.split('; ')).toHaveLength(9);
        expect(csp).not.toMatch(/[\s;,]'unsafe/);
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it('adds HSTS for two years with preload only when asked (HTTPS)', () => {
    // Act
    const local = securityHeaders({ issuer: 'http://127.0.0.1:3002' });
    const aws = securityHeaders({
      issuer: 'https://example.auth.eu-central-1.amazoncognito.com',
      hsts: true,
    });

    // Assess
    expect(local['strict-transport-security']).toBeUndefined();
    expect(aws['strict-transport-security']).toBe('max-age=63072000; includeSubDomains; preload');
    expect(aws['x-content-type-options']).toBe('nosniff');
    expect(aws['referrer-policy']).toBe('no-referrer');
  });

  it('builds the contract’s config.json', () => {
    // Act, Assess
    expect(webAppConfig('http://127.0.0.1:3002')).toEqual({
      apiBase: '',
      issuer: 'http://127.0.0.1:3002',
      clientId: 'cashlink-web',
      redirectPath: '/auth/callback',
      locale: 'nl',
    });
  });
});
