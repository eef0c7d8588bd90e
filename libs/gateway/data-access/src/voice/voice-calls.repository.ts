import { Injectable } from '@nestjs/common';
import { newId } from '@parley/gateway-domain';
import { GatewayDatabase } from '../gateway.database.ts';

export type CallOutcome = 'completed' | 'deflected' | 'abandoned' | 'failed';

export interface VoiceCallRecord {
  callId: string;
  carrierCallId: string;
  tenantId: string;
  businessNumberId: string;
  callerNumber: string | null;
  queue: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  deflectedAt: Date | null;
  completedAt: Date | null;
  outcome: CallOutcome | null;
}

type Row = Omit<VoiceCallRecord, 'outcome'> & { outcome: string | null };

function toRecord(row: Row): VoiceCallRecord {
  const outcome = (['completed', 'deflected', 'abandoned', 'failed'] as const).find((candidate) => candidate === row.outcome) ?? null;
  return { ...row, outcome };
}

/** Calls on business numbers; each change happens once, so the carrier's retried webhooks change nothing. */
@Injectable()
export class VoiceCallsRepository {
  constructor(private readonly db: GatewayDatabase) {}

  /** Returns the call and whether this request created it. */
  async start(input: {
    carrierCallId: string;
    tenantId: string;
    businessNumberId: string;
    callerNumber: string | null;
    startedAt: Date;
  }): Promise<{ call: VoiceCallRecord; created: boolean }> {
    const callId = newId('call');
    const row = await this.db.voiceCall.upsert({
      where: { carrierCallId: input.carrierCallId },
      create: { callId, ...input },
      update: {},
    });
    return { call: toRecord(row), created: row.callId === callId };
  }

  async find(callId: string): Promise<VoiceCallRecord | undefined> {
    const row = await this.db.voiceCall.findUnique({ where: { callId } });
    return row ? toRecord(row) : undefined;
  }

  async findByCarrierId(carrierCallId: string): Promise<VoiceCallRecord | undefined> {
    const row = await this.db.voiceCall.findUnique({ where: { carrierCallId } });
    return row ? toRecord(row) : undefined;
  }

  async markAnswered(callId: string, answeredAt: Date): Promise<boolean> {
    const { count } = await this.db.voiceCall.updateMany({ where: { callId, answeredAt: null }, data: { answeredAt } });
    return count === 1;
  }

  async setQueue(callId: string, queue: string): Promise<void> {
    await this.db.voiceCall.updateMany({ where: { callId, completedAt: null }, data: { queue } });
  }

  async markDeflected(callId: string, deflectedAt: Date): Promise<boolean> {
    const { count } = await this.db.voiceCall.updateMany({ where: { callId, deflectedAt: null }, data: { deflectedAt } });
    return count === 1;
  }

  async complete(callId: string, outcome: CallOutcome, completedAt: Date): Promise<VoiceCallRecord | undefined> {
    const { count } = await this.db.voiceCall.updateMany({ where: { callId, completedAt: null }, data: { completedAt, outcome } });
    return count === 1 ? this.find(callId) : undefined;
  }
}
