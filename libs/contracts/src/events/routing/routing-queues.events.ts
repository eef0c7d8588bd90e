import { z } from 'zod';
import { defineEvent } from '../event-definition.ts';
import { queueKeySchema } from '../front-door/front-door.events.ts';

const at = z.iso.datetime({ offset: true });

export const routingQueuesChanged = defineEvent({
  type: 'routing.queues.changed',
  version: 1,
  topic: 'routing.queues',
  producers: ['routing'],
  requiresConversation: false,
  description:
    "A tenant's queues, all of them, after one was saved or deleted: priority, service-level threshold and overflow of each. A tenant's latest event is the whole truth (its topic is compacted by tenant).",
  payload: z.object({
    queues: z.array(
      z.object({
        queue: queueKeySchema,
        priority: z.number().int().min(0),
        serviceLevelSeconds: z.number().int().min(1),
        overflow: z.object({ afterSeconds: z.number().int().min(1), toQueue: queueKeySchema }).nullable(),
      }),
    ),
    changedAt: at,
  }),
});
