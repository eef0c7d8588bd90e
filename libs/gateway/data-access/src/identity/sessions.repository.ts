import { Injectable } from '@nestjs/common';
import { GatewayDatabase } from '../gateway.database.ts';
import type { Tenant } from '../directory/directory.repository.ts';
import { toUser, type User } from './user.mapper.ts';

/** A session with the user and tenant it belongs to, as one lookup returns them. */
export interface StoredSession {
  tokenHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  user: User;
  tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'status'>;
}

/** Sessions by the hash of their token; the token itself is never stored. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async create(tokenHash: string, user: Pick<User, 'id' | 'tenantId'>, now: Date): Promise<void> {
    await this.db.session.create({ data: { tokenHash, userId: user.id, tenantId: user.tenantId, createdAt: now, lastSeenAt: now } });
  }

  async find(tokenHash: string): Promise<StoredSession | undefined> {
    const row = await this.db.session.findUnique({ where: { tokenHash }, include: { user: { include: { tenant: true } } } });
    if (!row) {
      return undefined;
    }
    const { tenant, ...user } = row.user;
    return {
      tokenHash: row.tokenHash,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      revokedAt: row.revokedAt,
      user: toUser(user),
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status === 'suspended' ? 'suspended' : 'active' },
    };
  }

  async touch(tokenHash: string, now: Date): Promise<void> {
    await this.db.session.updateMany({ where: { tokenHash, revokedAt: null }, data: { lastSeenAt: now } });
  }

  async revoke(tokenHash: string, now: Date): Promise<void> {
    await this.db.session.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: now } });
  }

  async revokeAllOf(userId: string, now: Date): Promise<void> {
    await this.db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  }

  /** Forgets sessions that began before `before` (all long past their absolute expiry); returns how many. */
  async prune(before: Date): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { createdAt: { lt: before } } });
    return count;
  }
}
