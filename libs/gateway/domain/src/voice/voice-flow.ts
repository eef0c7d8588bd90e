import { queueKeySchema } from '@parley/contracts';
import { z } from 'zod';

const spoken = z.string().trim().min(1).max(1_500);
const digit = z.string().regex(/^[0-9]$/, 'must be a single digit');

/** How a business number answers calls: greeting, an optional menu, the hold loop and the offer to switch to text. */
export const voiceFlowSchema = z
  .object({
    language: z.string().regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'must be a BCP-47 tag such as en-US').default('en-US'),
    greeting: spoken.default('Thank you for calling.'),
    menu: z
      .object({
        prompt: spoken,
        options: z
          .array(
            z.object({
              digit,
              label: z.string().trim().min(1).max(60),
              queue: queueKeySchema,
              /** Callers of this option are served before lower priorities, also after switching to text. */
              priority: z.number().int().min(0).max(100).default(0),
            }),
          )
          .min(1)
          .max(9),
      })
      .nullable()
      .default(null),
    hold: z
      .object({
        message: spoken.default('All of our team are helping other customers. Please stay on the line.'),
        musicUrl: z.url({ protocol: /^https?$/ }).optional(),
      })
      .default({ message: 'All of our team are helping other customers. Please stay on the line.' }),
    deflection: z
      .object({
        enabled: z.boolean().default(true),
        digit: digit.default('1'),
        offer: spoken.default('Press 1 at any time to leave the queue and continue by text message.'),
        confirmation: spoken.default('We have sent you a text message. Reply to it and we will continue there. Goodbye.'),
        untextable: spoken.default('Sorry, we cannot send a text message to the number you are calling from.'),
      })
      .default({
        enabled: true,
        digit: '1',
        offer: 'Press 1 at any time to leave the queue and continue by text message.',
        confirmation: 'We have sent you a text message. Reply to it and we will continue there. Goodbye.',
        untextable: 'Sorry, we cannot send a text message to the number you are calling from.',
      }),
  })
  .superRefine((flow, context) => {
    const digits = flow.menu?.options.map((option) => option.digit) ?? [];
    if (new Set(digits).size !== digits.length) {
      context.addIssue({ code: 'custom', path: ['menu', 'options'], message: 'each option needs its own digit' });
    }
  });

export type VoiceFlow = z.output<typeof voiceFlowSchema>;
export type VoiceFlowInput = z.input<typeof voiceFlowSchema>;

export function defaultVoiceFlow(): VoiceFlow {
  return voiceFlowSchema.parse({});
}
