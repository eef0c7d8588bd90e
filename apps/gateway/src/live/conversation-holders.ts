import { Injectable } from '@nestjs/common';
import { holderAfter, type LiveEvent } from '@parley/gateway-domain';
import { RoutingClient } from '../admin/routing.client.ts';

/** How many conversations this replica remembers the holder of; the oldest are forgotten first. */
const REMEMBERED = 50_000;

interface Holder {
  tenantId: string;
  agentId: string | null;
}

/**
 * Who holds each conversation, as this replica learned from the events it read (offers, assignments, hand-backs),
 * so a customer's message can be pushed to their agent's desk. A conversation first seen mid-way (this replica
 * started after its offer) is looked up in routing once.
 */
@Injectable()
export class ConversationHolders {
  readonly #holders = new Map<string, Holder>();
  readonly #lookups = new Map<string, Promise<string | null | undefined>>();

  constructor(private readonly routing: RoutingClient) {}

  /** The holder before `event` is applied: known, looked up (when asked to), or undefined. */
  async holderOf(tenantId: string, conversationId: string, lookUp: boolean): Promise<string | null | undefined> {
    const known = this.#holders.get(conversationId);
    if (known && known.tenantId === tenantId) {
      return known.agentId;
    }
    if (!lookUp) {
      return undefined;
    }
    let lookup = this.#lookups.get(conversationId);
    if (!lookup) {
      lookup = this.routing
        .conversation(tenantId, conversationId)
        .then((conversation) => {
          const agentId = conversation?.agentId ?? null;
          if (!this.#holders.has(conversationId)) {
            this.#remember(conversationId, { tenantId, agentId });
          }
          return this.#holders.get(conversationId)?.agentId;
        })
        .finally(() => this.#lookups.delete(conversationId));
      this.#lookups.set(conversationId, lookup);
    }
    return lookup;
  }

  /** Takes what the event says about the holder. */
  apply(tenantId: string, conversationId: string, event: LiveEvent): void {
    const next = holderAfter(event);
    if (next !== undefined) {
      this.#remember(conversationId, { tenantId, agentId: next });
    }
  }

  #remember(conversationId: string, holder: Holder): void {
    this.#holders.delete(conversationId);
    this.#holders.set(conversationId, holder);
    if (this.#holders.size > REMEMBERED) {
      const oldest = this.#holders.keys().next().value;
      if (oldest !== undefined) {
        this.#holders.delete(oldest);
      }
    }
  }
}
