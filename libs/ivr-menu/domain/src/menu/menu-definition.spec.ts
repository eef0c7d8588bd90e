import { describe, expect, it } from 'vitest';
import { QUEUE_KEY, menuDefinitionSchema, validateMenu, type MenuValidation } from './menu-definition.ts';

/** A valid two-level menu: root offers sales, a billing sub-menu and opening hours. */
function menuInput(): {
  name: string;
  rootNodeId: string;
  fallbackQueue: string;
  maxPromptSegments?: number;
  nodes: { id: string; prompt: string; invalidReply?: string; options: { key: string; label: string; keywords?: string[]; action: Record<string, string> }[] }[];
} {
  return {
    name: 'Main menu',
    rootNodeId: 'root',
    fallbackQueue: 'general',
    nodes: [
      {
        id: 'root',
        prompt: 'Thanks for texting Acme. Reply 1 for Sales, 2 for Billing, 3 for our opening hours.',
        options: [
          { key: '1', label: 'Sales', keywords: ['buy', 'pricing'], action: { type: 'queue', queue: 'sales' } },
          { key: '2', label: 'Billing', keywords: ['invoice', 'factura'], action: { type: 'menu', nodeId: 'billing' } },
          { key: '3', label: 'Hours', action: { type: 'reply', text: 'We are open 9-5, Monday to Friday.' } },
        ],
      },
      {
        id: 'billing',
        prompt: 'Billing: reply 1 to pay a bill, 2 for a refund.',
        invalidReply: 'Sorry, reply 1 or 2.',
        options: [
          { key: '1', label: 'Pay a bill', keywords: ['pay'], action: { type: 'queue', queue: 'billing' } },
          { key: '2', label: 'Refund', action: { type: 'queue', queue: 'billing-es' } },
        ],
      },
    ],
  };
}

function errorsOf(validation: MenuValidation): { path: string; message: string }[] {
  return validation.ok ? [] : validation.errors;
}

describe('validateMenu', () => {
  it('accepts a sound menu and fills in the defaults', () => {
    const validation = validateMenu(menuInput());
    expect(validation.ok).toBe(true);
    if (validation.ok) {
      expect(validation.menu.maxPromptSegments).toBe(2);
      expect(validation.menu.maxInvalidAttempts).toBe(2);
      expect(validation.menu.timeoutSeconds).toBe(900);
      expect(validation.menu.nodes[0]?.options[2]?.keywords).toEqual([]);
    }
  });

  it('reports schema problems with their paths', () => {
    const input = menuInput();
    input.nodes[0]!.id = 'root node!';
    input.nodes[0]!.options[0]!.key = '12';
    input.nodes[0]!.options[0]!.label = 'x'.repeat(41);
    input.nodes[1]!.prompt = '';
    const errors = errorsOf(validateMenu(input));
    expect(errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['nodes.0.id', 'nodes.0.options.0.key', 'nodes.0.options.0.label', 'nodes.1.prompt']),
    );
    expect(errors.find((error) => error.path === 'nodes.0.options.0.key')?.message).toBe('key "12" must be a single digit, 0-9');
  });

  it('rejects queue names that are not queue keys, in actions and as the fallback', () => {
    const input = menuInput();
    input.fallbackQueue = 'General Queue';
    input.nodes[1]!.options[0]!.action = { type: 'queue', queue: '-billing' };
    const errors = errorsOf(validateMenu(input));
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'fallbackQueue', message: expect.stringContaining('queue "General Queue" must be') as unknown },
        { path: 'nodes.1.options.0.action.queue', message: expect.stringContaining('queue "-billing" must be') as unknown },
      ]),
    );
    expect(QUEUE_KEY.test('billing-es')).toBe(true);
    expect(QUEUE_KEY.test('Billing')).toBe(false);
    expect(QUEUE_KEY.test('a'.repeat(65))).toBe(false);
  });

  it('reports an unknown root', () => {
    const input = menuInput();
    input.rootNodeId = 'start';
    expect(errorsOf(validateMenu(input))).toContainEqual({ path: 'rootNodeId', message: 'the root node "start" is not one of the nodes ("root", "billing")' });
  });

  it('reports an option that leads to a missing node', () => {
    const input = menuInput();
    input.nodes[0]!.options[1]!.action = { type: 'menu', nodeId: 'biling' };
    const errors = errorsOf(validateMenu(input));
    expect(errors).toContainEqual({ path: 'nodes.0.options.1.action.nodeId', message: 'goes to node "biling", which does not exist' });
    expect(errors).toContainEqual({ path: 'nodes.1', message: 'node "billing" cannot be reached from the root node "root"; link an option to it or remove it' });
  });

  it('names each cycle', () => {
    const input = menuInput();
    input.nodes[1]!.options[1]!.action = { type: 'menu', nodeId: 'root' };
    const errors = errorsOf(validateMenu(input));
    expect(errors).toEqual([
      { path: 'nodes.1.options.1.action.nodeId', message: 'cycle: root → billing → root; a customer could go round it forever, so point this option elsewhere' },
    ]);
  });

  it('reports a node with no options as a dead end', () => {
    const input = menuInput();
    input.nodes[1]!.options = [];
    expect(errorsOf(validateMenu(input))).toEqual([
      { path: 'nodes.1.options', message: 'node "billing" has no options, so a customer who reaches it is stuck; add at least one' },
    ]);
  });

  it('reports duplicate node ids and option keys', () => {
    const input = menuInput();
    input.nodes[1]!.options[1]!.key = '1';
    input.nodes.push({ ...input.nodes[1]!, options: [...input.nodes[1]!.options] });
    const errors = errorsOf(validateMenu(input));
    expect(errors).toContainEqual({ path: 'nodes.2.id', message: 'node id "billing" is already used by nodes.1; give each node its own id' });
    expect(errors).toContainEqual({
      path: 'nodes.1.options.1.key',
      message: 'key "1" is already used by option 0 ("Pay a bill"); give each option its own digit',
    });
  });

  it('reports labels and keywords that read the same as another option’s after normalisation', () => {
    const input = menuInput();
    input.nodes[0]!.options[0]!.keywords = ['buy', 'Invoice!', 'Dos', '3'];
    input.nodes[0]!.options[2]!.label = 'SALES';
    const errors = errorsOf(validateMenu(input));
    expect(errors).toEqual([
      {
        path: 'nodes.0.options.2.label',
        message: 'label "SALES" reads the same as the label "Sales" of option 0 ("Sales"), so a customer typing it could mean either; remove one',
      },
      {
        path: 'nodes.0.options.0.keywords.2',
        message: 'keyword "Dos" reads the same as the number word "dos" of option 1 ("Billing"), so a customer typing it could mean either; remove one',
      },
      {
        path: 'nodes.0.options.0.keywords.3',
        message: expect.stringContaining('keyword "3" reads the same as the digit "3" of option 2') as unknown,
      },
      {
        path: 'nodes.0.options.1.keywords.0',
        message: expect.stringContaining('keyword "invoice" reads the same as the keyword "Invoice!" of option 0 ("Sales")') as unknown,
      },
    ]);
  });

  it('reports a keyword with no letters or digits', () => {
    const input = menuInput();
    input.nodes[0]!.options[0]!.keywords = ['💰'];
    expect(errorsOf(validateMenu(input))).toEqual([
      { path: 'nodes.0.options.0.keywords.0', message: 'keyword "💰" has no letters or digits, so no reply can ever match it' },
    ]);
  });

  it('measures the prompt, the invalid reply and reply texts in SMS segments', () => {
    const input = menuInput();
    input.maxPromptSegments = 1;
    input.nodes[0]!.prompt = 'a'.repeat(161);
    input.nodes[1]!.invalidReply = 'Lo siento, responda 1 o 2 — gracias por su paciencia y por elegirnos. Estamos aquí para ayudarle.';
    input.nodes[0]!.options[2]!.action = { type: 'reply', text: 'b'.repeat(160) };
    const errors = errorsOf(validateMenu(input));
    expect(errors).toEqual([
      { path: 'nodes.0.prompt', message: 'the prompt takes 2 SMS segments, more than maxPromptSegments (1); shorten it or raise the limit' },
      {
        path: 'nodes.1.invalidReply',
        message:
          'the invalid reply takes 2 SMS segments (UCS-2, 70 characters a segment, because of "—", "í"), more than maxPromptSegments (1); shorten it or raise the limit',
      },
    ]);
  });

  it('reports every problem at once, schema and structure alike', () => {
    const input = menuInput();
    input.fallbackQueue = 'Nope';
    input.nodes[0]!.options[0]!.label = '';
    input.nodes[1]!.options[1]!.action = { type: 'menu', nodeId: 'root' };
    input.nodes.push({ id: 'orphan', prompt: 'x', options: [] });
    const paths = errorsOf(validateMenu(input)).map((error) => error.path);
    expect(paths).toEqual(['nodes.0.options.0.label', 'fallbackQueue', 'nodes.1.options.1.action.nodeId', 'nodes.2', 'nodes.2.options']);
  });

  it('does not report again what the schema already rejected', () => {
    const input = menuInput();
    input.nodes[0]!.prompt = 'x'.repeat(919);
    const errors = errorsOf(validateMenu(input));
    expect(errors).toEqual([{ path: 'nodes.0.prompt', message: 'the prompt is longer than 918 characters, the most six SMS segments hold' }]);
  });

  it('reports input that is not a menu at all without crashing', () => {
    expect(errorsOf(validateMenu(undefined))).toHaveLength(1);
    expect(errorsOf(validateMenu({ nodes: 'none' })).map((error) => error.path)).toEqual(expect.arrayContaining(['name', 'rootNodeId', 'nodes', 'fallbackQueue']));
    expect(errorsOf(validateMenu({ ...menuInput(), nodes: [42, { id: 'root' }] })).length).toBeGreaterThan(0);
  });

  it('enforces the size limits', () => {
    const input = menuInput();
    input.nodes[0]!.options[0]!.keywords = Array.from({ length: 51 }, (_, index) => `word${index}`);
    expect(errorsOf(validateMenu(input))).toContainEqual({ path: 'nodes.0.options.0.keywords', message: 'an option takes at most 50 keywords' });
    const many = menuInput();
    many.nodes = Array.from({ length: 51 }, (_, index) => ({ id: `n${index}`, prompt: 'p', options: [] }));
    expect(errorsOf(validateMenu(many))).toContainEqual({ path: 'nodes', message: 'a menu takes at most 50 nodes' });
    expect(menuDefinitionSchema.safeParse({ ...menuInput(), maxPromptSegments: 0 }).success).toBe(false);
  });
});
