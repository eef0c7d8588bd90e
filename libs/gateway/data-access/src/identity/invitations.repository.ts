import { Injectable } from '@nestjs/common';
import { GatewayDatabase } from '../gateway.database.ts';
import { toUser, type User } from './user.mapper.ts';

export interface PendingInvitation {
  user: User;
  tenant: { id: string; slug: string; name: string };
  expiresAt: Date;
}

/** Single-use invitations to set a password, by the hash of their token. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: GatewayDatabase) {}

  /** A new invitation replaces any the user still had open. */
  async create(user: Pick<User, 'id' | 'tenantId'>, tokenHash: string, createdBy: string, expiresAt: Date, now: Date): Promise<void> {
    await this.db.$transaction([
      this.db.invitation.updateMany({ where: { userId: user.id, acceptedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } }),
      this.db.invitation.create({ data: { tokenHash, userId: user.id, tenantId: user.tenantId, createdBy, expiresAt } }),
    ]);
  }

  /** The invitation when it is open: not used, not expired, and its user not deactivated. */
  async findOpen(tokenHash: string, now: Date): Promise<PendingInvitation | undefined> {
    const row = await this.db.invitation.findUnique({ where: { tokenHash }, include: { user: { include: { tenant: true } } } });
    if (!row || row.acceptedAt !== null || row.expiresAt <= now || row.user.status === 'deactivated') {
      return undefined;
    }
    const { tenant, ...user } = row.user;
    return { user: toUser(user), tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name }, expiresAt: row.expiresAt };
  }

  /**
   * Uses the invitation once: sets the password, makes the user active and ends their earlier sessions, in one
   * transaction; undefined when the invitation is not open (a second use finds it taken).
   */
  async accept(tokenHash: string, passwordHash: string, now: Date): Promise<User | undefined> {
    return this.db.$transaction(async (transaction) => {
      const { count } = await transaction.invitation.updateMany({
        where: { tokenHash, acceptedAt: null, expiresAt: { gt: now }, user: { status: { not: 'deactivated' } } },
        data: { acceptedAt: now },
      });
      if (count === 0) {
        return undefined;
      }
      const invitation = await transaction.invitation.findUniqueOrThrow({ where: { tokenHash } });
      const row = await transaction.user.update({
        where: { id: invitation.userId },
        data: { passwordHash, passwordChangedAt: now, status: 'active' },
      });
      await transaction.session.updateMany({ where: { userId: row.id, revokedAt: null }, data: { revokedAt: now } });
      return toUser(row);
    });
  }
}
