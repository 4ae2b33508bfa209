import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCashErrors } from '../../../lib/cash/index.ts';

const transactionErr =
  '<?xml version="1.0" encoding="UTF-8"?><cash><errors><error><message>Ongeldige waarde 0101=123456</message><line>1</line>' +
  '<source>2229|0101=123456|2228=123456|2229=Afleveradres|0103=Test B.V.|</source></error>' +
  '<error><message>Ongeldige waarde 0201=8000</message><line>3</line><source>301|0201=8000|0307=-121,00|</source></error></errors></cash>';

describe('parseCashErrors', () => {
  it.each<[string, unknown, unknown[]]>([
    [
      'the 4xx JSON body',
      { error: 'Error import', message: { errors: { error: [{ message: 'Ongeldige waarde 0201=8000' }] } } },
      [{ message: 'Ongeldige waarde 0201=8000', rubriek: '0201', value: '8000' }],
    ],
    [
      'the 4xx body as JSON text with a single error object',
      JSON.stringify({
        error: 'Error import',
        message: {
          errors: { error: { message: 'Ongeldige waarde 0901=XYZ', line: 2, source: '301|0901=XYZ|' } },
        },
      }),
      [
        {
          message: 'Ongeldige waarde 0901=XYZ',
          rubriek: '0901',
          value: 'XYZ',
          line: 2,
          record: '0301',
          source: '301|0901=XYZ|',
        },
      ],
    ],
    [
      'the transaction err XML',
      transactionErr,
      [
        {
          message: 'Ongeldige waarde 0101=123456',
          rubriek: '0101',
          value: '123456',
          line: 1,
          record: '2229',
          source: '2229|0101=123456|2228=123456|2229=Afleveradres|0103=Test B.V.|',
        },
        {
          message: 'Ongeldige waarde 0201=8000',
          rubriek: '0201',
          value: '8000',
          line: 3,
          record: '0301',
          source: '301|0201=8000|0307=-121,00|',
        },
      ],
    ],
    [
      'a transaction answer',
      {
        transaction: {
          id: 't1',
          status: 3,
          creation: '',
          lastUpdate: '',
          administration: { admCode: 'DEMO' },
          err: transactionErr,
        },
      },
      [expect.objectContaining({ rubriek: '0101' }), expect.objectContaining({ rubriek: '0201' })],
    ],
    [
      'an export-style prefix before the XML',
      `Content-type: text/xml ${transactionErr}`,
      [expect.objectContaining({ line: 1 }), expect.objectContaining({ line: 3 })],
    ],
    [
      'a message naming a rubriek without value, value taken from the source',
      '<cash><errors><error><message>Rubriek 0303 is verplicht</message><line>2</line><source>301|0303=|0201=8000|</source></error></errors></cash>',
      [
        {
          message: 'Rubriek 0303 is verplicht',
          rubriek: '0303',
          value: '',
          line: 2,
          record: '0301',
          source: '301|0303=|0201=8000|',
        },
      ],
    ],
    [
      'a plain error answer',
      { error: '1002 Unauthorized Access' },
      [{ message: '1002 Unauthorized Access' }],
    ],
    [
      'an error with a text message',
      { error: 'Bad Request', message: 'Administratie onbekend' },
      [{ message: 'Administratie onbekend' }],
    ],
    ['an empty err', '', []],
    ['an empty error list', '<cash><errors></errors></cash>', []],
    ['text that is no XML', 'Internal error', [{ message: 'Internal error' }]],
    [
      'a message with a value containing =',
      'Ongeldige waarde 0306=a=b',
      [{ message: 'Ongeldige waarde 0306=a=b', rubriek: '0306', value: 'a=b' }],
    ],
  ])('reads %s', (_name, input, expected) => {
    // Act
    const details = parseCashErrors(input);
    // Assess
    expect(details).toEqual(expected);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.json(), fc.jsonValue(), fc.constant(transactionErr.slice(0, 60))),
        (input) => {
          // Act
          const details = parseCashErrors(input);
          // Assess
          expect(Array.isArray(details)).toBe(true);
          for (const d of details) expect(typeof d.message).toBe('string');
        },
      ),
    );
  });
});
