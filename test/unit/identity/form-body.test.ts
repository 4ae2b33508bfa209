import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormBodyError, parseFormBody } from '../../../hub/identity/index.ts';

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
      fc.property(fc.string({ maxLength: 4_000, unit: 'binary' }), (body) => {
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
