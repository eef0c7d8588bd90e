import { queueKeySchema } from '@parley/contracts';
import { businessHoursSchema, type FrontDoorTexts } from '@parley/ivr-menu-domain';
import { z } from 'zod';

const text = z.string().trim().min(1).max(918);

/** A business number's front door as an operator saves it; texts left out are written from the business's name. */
export const frontDoorSettingsSchema = z
  .object({
    businessName: z.string().trim().min(1).max(60),
    /** The menu new conversations walk; without one they go straight to `queue`. */
    menuId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
    queue: queueKeySchema.default('general'),
    texts: z
      .object({
        help: text,
        optOutConfirmation: text,
        optInConfirmation: text,
        optedOutReminder: text,
        deflectionGreeting: text,
        queuedGreeting: text,
      })
      .partial()
      .strict()
      .default({}),
  })
  .strict();

export type FrontDoorSettingsInput = z.output<typeof frontDoorSettingsSchema>;

/** The texts a number sends when its operator wrote none, in the business's name when it has one. */
export function defaultTexts(businessName: string | undefined): FrontDoorTexts & { queuedGreeting: string } {
  const prefix = businessName ? `${businessName}: ` : '';
  const us = businessName ?? 'us';
  return {
    help: `${prefix}reply to this number to reach our team. Msg & data rates may apply. Reply STOP to opt out.`,
    optOutConfirmation: `${prefix}you are unsubscribed and will get no more messages from us. Reply START to resubscribe.`,
    optInConfirmation: `${prefix}you are subscribed again. Reply HELP for help, STOP to opt out.`,
    optedOutReminder: `${prefix}you opted out of texts from us. Reply START to get messages again.`,
    deflectionGreeting: `Thanks for switching to text with ${us}! We'll continue here.`,
    queuedGreeting: `Thanks for texting ${us}! An agent will be with you shortly.`,
  };
}

/** A queue's hours, what a customer is told while it is closed, and whether they may leave a message. */
export const queueScheduleSchema = z
  .object({
    hours: businessHoursSchema,
    closedReply: text.default("We're closed right now. Leave your message here and we'll answer when we open."),
    takesMessages: z.boolean().default(true),
  })
  .strict();
