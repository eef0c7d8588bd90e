import { describe, expect, it } from 'vitest';
import { decideLogin, loginThrottleKeys } from './login-throttle.ts';

const limits = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 50, windowSeconds: 900 };
const now = new Date('2026-12-20T10:00:00Z');

describe('decideLogin', () => {
  it('lets the attempts up to the limit through, counting the attempt being decided', () => {
    expect(decideLogin({ account: 5, address: 5, oldestAccountFailureAt: now, oldestAddressFailureAt: now }, limits, now)).toEqual({ allowed: true });
  });

  it('refuses past the account limit until the oldest failure leaves the window', () => {
    const oldest = new Date(now.getTime() - 600_000);
    expect(decideLogin({ account: 6, address: 6, oldestAccountFailureAt: oldest, oldestAddressFailureAt: oldest }, limits, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 300,
    });
  });

  it('refuses past the address limit whatever the account', () => {
    const oldest = new Date(now.getTime() - 899_500);
    expect(decideLogin({ account: 1, address: 51, oldestAccountFailureAt: null, oldestAddressFailureAt: oldest }, limits, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });
});

describe('loginThrottleKeys', () => {
  it('counts one account whatever the case and spacing of the e-mail', () => {
    expect(loginThrottleKeys('Demo', ' Ana@Acme.test ', '10.0.0.1')).toEqual(loginThrottleKeys('demo', 'ana@acme.test', '10.0.0.1'));
  });
});
