import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { GatewayDatabase } from '../gateway.database.ts';

const CHANNEL = 'parley_desk_sessions';

/**
 * Tells every gateway replica that sessions ended (a logout, a deactivation), through PostgreSQL's LISTEN/NOTIFY on
 * the database they already share, so each closes its own WebSockets of those sessions at once.
 */
@Injectable()
export class SessionNotices {
  constructor(private readonly db: GatewayDatabase) {}

  async notify(notice: Readonly<Record<string, unknown>>): Promise<void> {
    await this.db.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]);
  }

  /** Listens on a connection of its own until the returned function is called; a lost connection calls `onLost`. */
  async listen(onNotice: (notice: unknown) => void, onLost: (error: unknown) => void): Promise<() => Promise<void>> {
    const client: pg.PoolClient = await this.db.pool.connect();
    const onNotification = (message: pg.Notification): void => {
      if (message.channel === CHANNEL && message.payload !== undefined) {
        try {
          onNotice(JSON.parse(message.payload));
        } catch {
          onNotice(undefined);
        }
      }
    };
    let released = false;
    const onError = (error: unknown): void => {
      if (!released) {
        released = true;
        client.release(true);
        onLost(error);
      }
    };
    client.on('notification', onNotification);
    client.on('error', onError);
    await client.query(`LISTEN ${CHANNEL}`);
    return async () => {
      if (released) {
        return;
      }
      released = true;
      client.off('notification', onNotification);
      client.off('error', onError);
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    };
  }
}
