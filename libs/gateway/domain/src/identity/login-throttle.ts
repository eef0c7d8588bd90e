export interface LoginThrottleLimits {
  /** Failed logins allowed per account (tenant and e-mail) within the window. */
  maxFailuresPerAccount: number;
  /** Failed logins allowed per client address within the window. */
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

/** Failures in the window, counting the attempt being decided (recorded first, so parallel attempts see each other). */
export interface RecentFailures {
  account: number;
  address: number;
  /** The oldest failure still in the window for whichever count is over, to say when to retry. */
  oldestAccountFailureAt: Date | null;
  oldestAddressFailureAt: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A login may be tried while neither count is past its limit; otherwise after the oldest failure leaves the window. */
export function decideLogin(failures: RecentFailures, limits: LoginThrottleLimits, now: Date): ThrottleDecision {
  const blockedUntil: Date[] = [];
  if (failures.account > limits.maxFailuresPerAccount && failures.oldestAccountFailureAt) {
    blockedUntil.push(new Date(failures.oldestAccountFailureAt.getTime() + limits.windowSeconds * 1000));
  }
  if (failures.address > limits.maxFailuresPerAddress && failures.oldestAddressFailureAt) {
    blockedUntil.push(new Date(failures.oldestAddressFailureAt.getTime() + limits.windowSeconds * 1000));
  }
  if (blockedUntil.length === 0) {
    return { allowed: true };
  }
  const until = Math.max(...blockedUntil.map((date) => date.getTime()));
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/** The keys failures are counted under; the e-mail is lower-cased so case changes do not buy more guesses. */
export function loginThrottleKeys(tenantSlug: string, email: string, address: string): { account: string; address: string } {
  return { account: `account:${tenantSlug.toLowerCase()}:${email.trim().toLowerCase()}`, address: `address:${address}` };
}
