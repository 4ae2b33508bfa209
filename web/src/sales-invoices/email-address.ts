/**
 * Whether `text` reads as one e-mail address (local part, @, a domain with a dot), the way the API's
 * `z.email()` takes it in the common cases; the API checks again and names the field when it refuses.
 */
export function isEmailAddress(text: string): boolean {
  const value = text.trim();
  return (
    value.length <= 254 &&
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
      value,
    ) &&
    !value.split('@')[0]?.startsWith('.') &&
    !value.split('@')[0]?.endsWith('.') &&
    !value.includes('..')
  );
}
