import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AppAuthenticationError,
  accessFromGroups,
  appUserFromClaims,
  groupsForAccess,
} from '../../../lib/identity/index.ts';

describe('accessFromGroups', () => {
  it.each([
    { groups: ['operator'], role: 'operator', administrations: '*' },
    { groups: ['operator', 'adm:DEMO'], role: 'operator', administrations: '*' },
    {
      groups: ['read-only', 'bookkeeper', 'adm:B', 'adm:A', 'adm:A'],
      role: 'bookkeeper',
      administrations: ['A', 'B'],
    },
    { groups: ['read-only', 'adm:DEMO'], role: 'read-only', administrations: ['DEMO'] },
    { groups: ['adm:DEMO', 'other', 'adm:'], role: undefined, administrations: ['DEMO'] },
    { groups: [], role: undefined, administrations: [] },
  ])('$groups → $role $administrations', ({ groups, role, administrations }) => {
    // Prepare: the groups of the table row.

    // Act
    const access = accessFromGroups(groups);

    // Assess
    expect(access).toEqual({ role, administrations });
  });

  it('groupsForAccess and accessFromGroups are inverses', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('operator', 'bookkeeper', 'read-only' as const),
        fc.array(fc.stringMatching(/^[A-Z0-9]{1,8}$/), { maxLength: 5 }),
        (role, administrations) => {
          // Prepare / Act
          const back = accessFromGroups(groupsForAccess(role, administrations));

          // Assess
          expect(back.role).toBe(role);
          expect(back.administrations).toEqual(
            role === 'operator' ? '*' : [...new Set(administrations)].sort(),
          );
        },
      ),
    );
  });
});

describe('appUserFromClaims', () => {
  it('maps a Cognito-shaped access token to the user, tenant from the stack', () => {
    // Prepare
    const claims = {
      sub: 'u-1',
      username: 'boekhouder@demo.cashlink.local',
      'cognito:groups': ['bookkeeper', 'adm:DEMO'],
      email: 'boekhouder@demo.cashlink.local',
      name: 'Demo',
      tenant: 'someone-else',
    };

    // Act
    const user = appUserFromClaims(claims, 'demo');

    // Assess
    expect(user).toEqual({
      id: 'u-1',
      username: 'boekhouder@demo.cashlink.local',
      email: 'boekhouder@demo.cashlink.local',
      name: 'Demo',
      tenant: 'demo',
      role: 'bookkeeper',
      administrations: ['DEMO'],
    });
  });

  it.each([
    { claims: { sub: 'u', username: 'x', 'cognito:groups': ['adm:DEMO'] }, reason: 'no-role' },
    { claims: { sub: 'u', username: 'x' }, reason: 'no-role' },
    { claims: { username: 'x', 'cognito:groups': ['operator'] }, reason: 'claims' },
    { claims: { sub: 'u', 'cognito:groups': 'operator' }, reason: 'claims' },
    { claims: { sub: 'u', username: 7, 'cognito:groups': ['operator'] }, reason: 'claims' },
  ])('refuses $claims with $reason', ({ claims, reason }) => {
    // Prepare: the claims of the row.

    // Act
    const act = () => appUserFromClaims(claims, 'demo');

    // Assess
    expect(act).toThrow(AppAuthenticationError);
    try {
      act();
    } catch (error) {
      expect((error as AppAuthenticationError).reason).toBe(reason);
    }
  });
});
