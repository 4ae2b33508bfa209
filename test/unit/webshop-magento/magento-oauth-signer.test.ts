import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MagentoOAuthSigner, oauthBaseString } from '../../../lib/webshop/magento/index.ts';

describe('Magento OAuth 1.0a HMAC-SHA256 signing', () => {
  const credentials = {
    consumerKey: 'ck1',
    consumerSecret: 'cs&1',
    accessToken: 'at1',
    accessTokenSecret: 'ts 1',
  };

  it('signs the RFC 5849 base string with consumerSecret&tokenSecret, checked against a hand-built vector', () => {
    // Prepare: the base string written out by hand (sorted, encoded twice where RFC 5849 says so).
    const url = new URL('http://shop.test:8080/rest/default/V1/orders?searchCriteria[pageSize]=2&b=x y');
    const signer = new MagentoOAuthSigner(
      credentials,
      () => 1_700_000_000_000,
      () => 'n0nce',
    );
    const expectedBase =
      'GET&http%3A%2F%2Fshop.test%3A8080%2Frest%2Fdefault%2FV1%2Forders&' +
      'b%3Dx%2520y%26oauth_consumer_key%3Dck1%26oauth_nonce%3Dn0nce%26oauth_signature_method%3DHMAC-SHA256' +
      '%26oauth_timestamp%3D1700000000%26oauth_token%3Dat1%26oauth_version%3D1.0' +
      '%26searchCriteria%255BpageSize%255D%3D2';
    const expectedSignature = createHmac('sha256', 'cs%261&ts%201').update(expectedBase).digest('base64');
    // Act
    const header = signer.authorization('GET', url);
    const base = oauthBaseString('GET', url, {
      oauth_consumer_key: 'ck1',
      oauth_nonce: 'n0nce',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: '1700000000',
      oauth_token: 'at1',
      oauth_version: '1.0',
    });
    // Assess
    expect(base).toBe(expectedBase);
    expect(header).toContain(`oauth_signature="${encodeURIComponent(expectedSignature)}"`);
    expect(header).toMatch(
      /^OAuth oauth_consumer_key="ck1", oauth_nonce="n0nce", oauth_signature_method="HMAC-SHA256"/,
    );
  });
});
