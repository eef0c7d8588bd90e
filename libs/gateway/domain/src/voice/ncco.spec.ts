import { describe, expect, it } from 'vitest';
import { answerNcco, decideOnInput, holdLoopNcco } from './ncco.ts';
import { voiceFlowSchema } from './voice-flow.ts';

const inputUrl = (step: string, attempt: number) => `https://parley.example/webhooks/vonage/voice/input?callId=call_1&step=${step}&attempt=${attempt}`;

const withMenu = voiceFlowSchema.parse({
  greeting: 'Thanks for calling Acme.',
  menu: {
    prompt: 'Press 1 for sales or 2 for support.',
    options: [
      { digit: '1', label: 'Sales', queue: 'sales' },
      { digit: '2', label: 'Support', queue: 'support' },
    ],
  },
  hold: { message: 'Please hold.', musicUrl: 'https://parley.example/media/hold.mp3' },
});
const withoutMenu = voiceFlowSchema.parse({ greeting: 'Thanks for calling Acme.' });

describe('voice flow NCCOs', () => {
  it('greets with the menu and listens for one digit', () => {
    const ncco = answerNcco(withMenu, inputUrl);
    expect(ncco[0]).toMatchObject({ action: 'talk', bargeIn: true, text: 'Thanks for calling Acme. Press 1 for sales or 2 for support.' });
    expect(ncco[1]).toMatchObject({ action: 'input', dtmf: { maxDigits: 1 }, eventUrl: [inputUrl('menu', 1)], eventMethod: 'POST' });
  });

  it('without a menu, greets and queues with the offer to continue by text', () => {
    const ncco = answerNcco(withoutMenu, inputUrl);
    expect(ncco.map((action) => action.action)).toEqual(['talk', 'talk', 'input']);
    expect(ncco[1]).toMatchObject({ bargeIn: true });
    expect((ncco[1] as { text: string }).text).toContain('Press 1 at any time to leave the queue and continue by text message.');
  });

  it('queues a menu choice', () => {
    const decision = decideOnInput(withMenu, 'menu', '2', 1, inputUrl);
    expect(decision).toMatchObject({ kind: 'queued', queue: 'support', digit: '2' });
    expect(decision.ncco.at(-1)).toMatchObject({ action: 'input', eventUrl: [inputUrl('hold', 1)] });
  });

  it('re-prompts a wrong key, then queues on the first option after three tries', () => {
    const again = decideOnInput(withMenu, 'menu', '7', 1, inputUrl);
    expect(again.kind).toBe('continue');
    expect(again.ncco[0]).toMatchObject({ text: 'Sorry, that is not one of the options. Press 1 for sales or 2 for support.' });
    expect(decideOnInput(withMenu, 'menu', null, 3, inputUrl)).toMatchObject({ kind: 'queued', queue: 'sales', digit: undefined });
  });

  it('deflects on the deflection digit while holding, and keeps holding otherwise', () => {
    expect(decideOnInput(withMenu, 'hold', '1', 4, inputUrl)).toMatchObject({
      kind: 'deflect',
      ncco: [{ action: 'talk', text: expect.stringContaining('We have sent you a text message') as unknown }],
    });
    const hold = decideOnInput(withMenu, 'hold', '', 4, inputUrl);
    expect(hold).toEqual({ kind: 'continue', ncco: holdLoopNcco(withMenu, inputUrl, 5) });
    expect(hold.ncco[0]).toEqual({ action: 'stream', streamUrl: ['https://parley.example/media/hold.mp3'], bargeIn: true, loop: 1 });
  });

  it('does not deflect when the number turned the offer off', () => {
    const flow = voiceFlowSchema.parse({ deflection: { enabled: false } });
    expect(decideOnInput(flow, 'hold', '1', 1, inputUrl).kind).toBe('continue');
    expect((answerNcco(flow, inputUrl)[1] as { text: string }).text).not.toContain('text message');
  });

  it('refuses a menu with two options on one digit', () => {
    const result = voiceFlowSchema.safeParse({
      menu: { prompt: 'Choose.', options: [{ digit: '1', label: 'A', queue: 'a' }, { digit: '1', label: 'B', queue: 'b' }] },
    });
    expect(result.success).toBe(false);
  });
});
