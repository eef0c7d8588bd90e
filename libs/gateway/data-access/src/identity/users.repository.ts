import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { newId, type UserRole } from '@parley/gateway-domain';
import { GatewayDatabase } from '../gateway.database.ts';
import { isUniqueViolation } from '../prisma-errors.ts';
import { toUser, type User } from './user.mapper.ts';

export type { User } from './user.mapper.ts';

/** A user with what a login needs to check. */
export interface UserCredentials {
  user: User;
  passwordHash: string | null;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: UserRole;
  agentId: string | null;
  /** Set to make the user active at once; left out, the user is invited. */
  passwordHash?: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Desk users; every query is scoped to a tenant, so another tenant's user id finds nothing. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: GatewayDatabase) {}

  /** A fresh user id, also the routing agentId of an agent invited without an existing profile. */
  newUserId(): string {
    return newId('usr');
  }

  async create(tenantId: string, input: NewUser, userId = this.newUserId(), now = new Date()): Promise<User> {
    try {
      const row = await this.db.user.create({
        data: {
          id: userId,
          tenantId,
          email: normalizeEmail(input.email),
          displayName: input.displayName,
          role: input.role,
          agentId: input.agentId,
          status: input.passwordHash === undefined ? 'invited' : 'active',
          passwordHash: input.passwordHash ?? null,
          passwordChangedAt: input.passwordHash === undefined ? null : now,
        },
      });
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'user.taken', 'The tenant already has a user with that e-mail address or agent id.');
      }
      throw error;
    }
  }

  async list(tenantId: string): Promise<User[]> {
    return (await this.db.user.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(toUser);
  }

  async find(tenantId: string, userId: string): Promise<User | undefined> {
    const row = await this.db.user.findFirst({ where: { id: userId, tenantId } });
    return row ? toUser(row) : undefined;
  }

  async findByEmail(tenantId: string, email: string): Promise<User | undefined> {
    const row = await this.db.user.findUnique({ where: { tenantId_email: { tenantId, email: normalizeEmail(email) } } });
    return row ? toUser(row) : undefined;
  }

  async findByAgentId(tenantId: string, agentId: string): Promise<User | undefined> {
    const row = await this.db.user.findUnique({ where: { tenantId_agentId: { tenantId, agentId } } });
    return row ? toUser(row) : undefined;
  }

  async credentials(tenantId: string, email: string): Promise<UserCredentials | undefined> {
    const row = await this.db.user.findUnique({ where: { tenantId_email: { tenantId, email: normalizeEmail(email) } } });
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  async recordLogin(userId: string, now: Date, rehashed?: string): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { lastLoginAt: now, ...(rehashed === undefined ? {} : { passwordHash: rehashed, passwordChangedAt: now }) } });
  }

  async rename(tenantId: string, userId: string, displayName: string): Promise<User | undefined> {
    const { count } = await this.db.user.updateMany({ where: { id: userId, tenantId }, data: { displayName } });
    return count === 0 ? undefined : this.find(tenantId, userId);
  }

  /** Deactivates the user and ends their sessions in one transaction; undefined when the tenant has no such user. */
  async deactivate(tenantId: string, userId: string, now: Date): Promise<User | undefined> {
    return this.db.$transaction(async (transaction) => {
      const { count } = await transaction.user.updateMany({
        where: { id: userId, tenantId },
        data: { status: 'deactivated', deactivatedAt: now },
      });
      if (count === 0) {
        return undefined;
      }
      await transaction.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      await transaction.invitation.updateMany({ where: { userId, acceptedAt: null }, data: { expiresAt: now } });
      const row = await transaction.user.findUniqueOrThrow({ where: { id: userId } });
      return toUser(row);
    });
  }

  /** Lets a deactivated user back in: active when they have a password, else invited again. */
  async reactivate(tenantId: string, userId: string): Promise<User | undefined> {
    const row = await this.db.user.findFirst({ where: { id: userId, tenantId } });
    if (!row) {
      return undefined;
    }
    if (row.status === 'deactivated') {
      await this.db.user.update({ where: { id: userId }, data: { status: row.passwordHash === null ? 'invited' : 'active', deactivatedAt: null } });
    }
    return this.find(tenantId, userId);
  }
}
