import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { TenantPoliciesRepository } from '@parley/compliance-filter-data-access';
import { DEFAULT_POLICY, resolvePolicy, screeningPolicySchema, type ScreeningPolicy } from '@parley/compliance-filter-domain';

const CACHE_MS = 5_000;

/**
 * Tenants' screening policies for the hot path: read through a short cache so screening does not wait on the
 * database for every message; a saved change applies everywhere within the cache period.
 */
@Injectable()
export class PolicyService {
  readonly #cache = new Map<string, { policy: ScreeningPolicy; expiresAt: number }>();

  constructor(private readonly policies: TenantPoliciesRepository) {}

  async policyFor(tenantId: string): Promise<ScreeningPolicy> {
    const cached = this.#cache.get(tenantId);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.policy;
    }
    const stored = await this.policies.find(tenantId);
    const policy = stored ? resolvePolicy(stored.policy) : DEFAULT_POLICY;
    this.#cache.set(tenantId, { policy, expiresAt: Date.now() + CACHE_MS });
    return policy;
  }

  async save(tenantId: string, input: unknown): Promise<{ policy: ScreeningPolicy; version: number }> {
    const checked = screeningPolicySchema.safeParse(input);
    if (!checked.success) {
      throw new DomainError('invalid', 'policy.invalid', 'The policy is not valid.', {
        errors: checked.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
      });
    }
    const stored = await this.policies.save(tenantId, checked.data);
    this.#cache.delete(tenantId);
    return { policy: resolvePolicy(stored.policy), version: stored.version };
  }

  async read(tenantId: string): Promise<{ policy: ScreeningPolicy; version: number }> {
    const stored = await this.policies.find(tenantId);
    return stored ? { policy: resolvePolicy(stored.policy), version: stored.version } : { policy: DEFAULT_POLICY, version: 0 };
  }
}
