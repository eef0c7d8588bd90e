import { Injectable } from '@nestjs/common';
import { probeHopSchema, type ProbeHop } from '@parley/contracts';
import { z } from 'zod';
import { GatewayDatabase } from '../gateway.database.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export type ProbeStatus = 'pending' | 'completed';

export interface ProbeRecord {
  probeId: string;
  status: ProbeStatus;
  startedAt: Date;
  completedAt: Date | undefined;
  hops: ProbeHop[];
}

type Writer = Pick<GatewayDatabase, 'probe'> | Prisma.TransactionClient;

const hopsSchema = z.array(probeHopSchema);

@Injectable()
export class ProbesRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async create(probeId: string, startedAt: Date): Promise<void> {
    await this.db.probe.create({ data: { id: probeId, startedAt } });
  }

  /** Records the probe's return; false when it was already complete, so a duplicate changes nothing. */
  async complete(probeId: string, hops: ProbeHop[], completedAt: Date, writer: Writer = this.db): Promise<boolean> {
    const { count } = await writer.probe.updateMany({
      where: { id: probeId, status: 'pending' },
      data: { status: 'completed', completedAt, hops },
    });
    return count === 1;
  }

  async find(probeId: string): Promise<ProbeRecord | undefined> {
    const row = await this.db.probe.findUnique({ where: { id: probeId } });
    if (!row) {
      return undefined;
    }
    return {
      probeId: row.id,
      status: row.status === 'completed' ? 'completed' : 'pending',
      startedAt: row.startedAt,
      completedAt: row.completedAt ?? undefined,
      hops: hopsSchema.parse(row.hops),
    };
  }
}
