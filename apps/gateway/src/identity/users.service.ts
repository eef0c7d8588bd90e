import { Inject, Injectable } from '@nestjs/common';
import { agentDeactivated, DomainError } from '@parley/contracts';
import { InvitationsRepository, UsersRepository, type User } from '@parley/gateway-data-access';
import { hashPassword, hashSecretToken, newSecretToken } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { EventPublisher } from '@parley/platform/messaging';
import type { z } from 'zod';
import { ServiceAdminClient, serviceFailure } from '../admin/service-admin.client.ts';
import type { GatewayConfig } from '../config.ts';
import type { agentProfileSchema } from './identity.dto.ts';
import { SessionEvents } from './session-events.ts';

export interface NewUserRequest {
  email: string;
  displayName: string;
  role: User['role'];
  agentId?: string | undefined;
  agentProfile?: z.output<typeof agentProfileSchema> | undefined;
  /** Only the operators' API sets a password directly. */
  password?: string | undefined;
}

export interface IssuedInvitation {
  token: string;
  expiresAt: Date;
}

function invitationNotFound(): DomainError {
  return new DomainError('not-found', 'invitation.not-found', 'This invitation is unknown, already used or expired; ask an administrator for a new one.');
}

function userNotFound(userId: string): DomainError {
  return new DomainError('not-found', 'user.not-found', `No user ${userId}.`);
}

/**
 * Creating, inviting, deactivating and reactivating desk users, and keeping an agent user's routing profile in step:
 * an invited agent's profile is saved in routing with the user's id as agentId, and deactivation tells routing.
 */
@Injectable()
export class UsersService {
  readonly #invitationTtlMs: number;

  constructor(
    private readonly users: UsersRepository,
    private readonly invitations: InvitationsRepository,
    private readonly services: ServiceAdminClient,
    private readonly publisher: EventPublisher,
    private readonly sessionEvents: SessionEvents,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.#invitationTtlMs = config.desk.invitationTtlHours * 3_600_000;
  }

  async list(tenantId: string): Promise<User[]> {
    return this.users.list(tenantId);
  }

  async get(tenantId: string, userId: string): Promise<User> {
    return (await this.users.find(tenantId, userId)) ?? Promise.reject(userNotFound(userId));
  }

  /** Creates the user: active when a password is given, otherwise invited with an invitation returned once. */
  async create(tenantId: string, request: NewUserRequest, createdBy: string): Promise<{ user: User; invitation?: IssuedInvitation }> {
    if (await this.users.findByEmail(tenantId, request.email)) {
      throw new DomainError('conflict', 'user.taken', 'The tenant already has a user with that e-mail address.');
    }
    const userId = this.users.newUserId();
    let agentId: string | null = null;
    if (request.role === 'agent') {
      agentId = request.agentId ?? userId;
      if (request.agentProfile) {
        const saved = await this.services.json('routing', tenantId, `agents/${agentId}`, {
          method: 'PUT',
          body: { displayName: request.displayName, ...request.agentProfile },
        });
        if (saved.status !== 200) {
          throw serviceFailure('routing', saved);
        }
      } else if (!(await this.services.read('routing', tenantId, `agents/${agentId}`))) {
        throw new DomainError('invalid', 'user.unknown-agent', `Routing has no agent ${agentId}: give agentProfile to create one.`);
      }
    }
    const passwordHash = request.password === undefined ? undefined : await hashPassword(request.password);
    const user = await this.users.create(
      tenantId,
      { email: request.email, displayName: request.displayName, role: request.role, agentId, ...(passwordHash === undefined ? {} : { passwordHash }) },
      userId,
    );
    if (passwordHash !== undefined) {
      return { user };
    }
    return { user, invitation: await this.invite(user, createdBy) };
  }

  /** A new single-use invitation (replacing any open one): for an invited user, or a password reset for an active one. */
  async invite(user: User, createdBy: string, now = new Date()): Promise<IssuedInvitation> {
    if (user.status === 'deactivated') {
      throw new DomainError('conflict', 'user.deactivated', 'Reactivate the user before inviting them again.');
    }
    const token = newSecretToken();
    const expiresAt = new Date(now.getTime() + this.#invitationTtlMs);
    await this.invitations.create(user, hashSecretToken(token), createdBy, expiresAt, now);
    return { token, expiresAt };
  }

  /** An open invitation's user and tenant, for the set-password page; unknown, used and expired look the same. */
  async inspectInvitation(token: string, now = new Date()): Promise<{ user: User; tenant: { slug: string; name: string }; expiresAt: Date }> {
    const invitation = await this.invitations.findOpen(hashSecretToken(token), now);
    if (!invitation) {
      throw invitationNotFound();
    }
    return { user: invitation.user, tenant: { slug: invitation.tenant.slug, name: invitation.tenant.name }, expiresAt: invitation.expiresAt };
  }

  /** Sets the password through an open invitation, once; the user is active and any earlier session of theirs ends. */
  async acceptInvitation(token: string, password: string, now = new Date()): Promise<User> {
    if (!(await this.invitations.findOpen(hashSecretToken(token), now))) {
      throw invitationNotFound();
    }
    const user = await this.invitations.accept(hashSecretToken(token), await hashPassword(password), now);
    if (!user) {
      throw invitationNotFound();
    }
    this.sessionEvents.ended({ reason: 'logged-out', userId: user.id });
    return user;
  }

  async rename(tenantId: string, userId: string, displayName: string): Promise<User> {
    return (await this.users.rename(tenantId, userId, displayName)) ?? Promise.reject(userNotFound(userId));
  }

  /**
   * Deactivates the user and ends their sessions; an agent is deactivated in routing through `agent.deactivated`,
   * which re-queues their conversations. Repeating it repeats the command, so a failed publish can be retried.
   */
  async deactivate(tenantId: string, userId: string, deactivatedBy: string, now = new Date()): Promise<User> {
    const user = await this.users.deactivate(tenantId, userId, now);
    if (!user) {
      throw userNotFound(userId);
    }
    this.sessionEvents.ended({ reason: 'deactivated', userId });
    if (user.agentId !== null) {
      await this.publisher.publish(agentDeactivated, {
        tenantId,
        payload: { agentId: user.agentId, deactivatedBy, at: now.toISOString() },
      });
    }
    return user;
  }

  /** Lets the user back in; an agent comes back offline in routing. */
  async reactivate(tenantId: string, userId: string): Promise<User> {
    const user = await this.users.reactivate(tenantId, userId);
    if (!user) {
      throw userNotFound(userId);
    }
    if (user.agentId !== null) {
      const answer = await this.services.json('routing', tenantId, `agents/${user.agentId}/reactivate`, { method: 'POST' });
      if (answer.status !== 200) {
        throw serviceFailure('routing', answer);
      }
    }
    return user;
  }
}
