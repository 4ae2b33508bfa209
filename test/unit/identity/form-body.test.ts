import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormBodyError, parseFormBody } from '../../../hub/identity/index.ts';

/** Bodies made of what breaks form parsers: escapes (some broken), separators, lone surrogates, controls. */
const formish = fc.oneof(
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc
    .array(
      fc.constantFrom('%', '=', '&', '+', 'a', '€', '\u0000', '%E2', '%82', '%ZZ', '%2', '\uD800', 'code'),
      {
        maxLength: 200,
      },
    )
    .map((parts) => parts.join('')),
);

describe('parseFormBody', () => {
  it.each([
    { body: '', fields: {} },
    { body: 'a=1&b=two+words', fields: { a: '1', b: 'two words' } },
    { body: 'e=%E2%82%AC&x', fields: { e: '€', x: '' } },
    { body: 'bad=%E2%82&ok=1', fields: { bad: '%E2%82', ok: '1' } },
    { body: '&&a=1&', fields: { a: '1' } },
  ])('$body', ({ body, fields }) => {
    // Prepare: the body of the row.

    // Act
    const parsed = parseFormBody(body);

    // Assess
    expect(Object.fromEntries(parsed)).toEqual(fields);
  });

  it('refuses a body over 16 KB', () => {
    // Prepare
    const body = `a=${'x'.repeat(16 * 1024)}`;

    // Act
    const act = () => parseFormBody(body);

    // Assess
    expect(act).toThrow(FormBodyError);
  });

  it('refuses a repeated field, naming it', () => {
    // Prepare
    const body = 'code=a&code=b';

    // Act
    const act = () => parseFormBody(body);

    // Assess
    expect(act).toThrow(FormBodyError);
    expect(act).toThrow(/"code" appears twice/);
  });

  it('reads back what URLSearchParams wrote', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 100 }), { maxKeys: 20 }),
        (fields) => {
          // Prepare
          const body = new URLSearchParams(fields).toString();

          // Act
          const parsed = parseFormBody(body);

          // Assess
          expect(Object.fromEntries(parsed)).toEqual(Object.fromEntries(new URLSearchParams(body)));
        },
      ),
    );
  });

  it('never throws anything but FormBodyError on any input', () => {
    fc.assert(
      fc.property(formish, (body) => {
        // Prepare / Act
        try {
          parseFormBody(body);
        } catch (error) {
          // Assess
          expect(error).toBeInstanceOf(FormBodyError);
        }
      }),
    );
  });
});
