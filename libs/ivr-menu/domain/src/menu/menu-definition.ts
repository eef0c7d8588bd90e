import { analyzeSms } from '@parley/sms-domain';
import { z } from 'zod';
import { normalizeText } from '../text/normalized-text.ts';
import { numberWordsFor } from './number-words.ts';

/** Queue names, e.g. "sales", "billing-es": what the routing service keys its queues by. */
export const QUEUE_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

const NODE_ID = /^[A-Za-z0-9_-]{1,40}$/;
const OPTION_KEY = /^[0-9]$/;
// Six concatenated GSM-7 segments (6 × 153): longer texts are split unreliably by handsets and carriers.
const MAX_SMS_TEXT = 918;

export type MenuAction = { type: 'queue'; queue: string } | { type: 'menu'; nodeId: string } | { type: 'reply'; text: string };

export interface MenuOption {
  /** One digit, '0'-'9'. */
  key: string;
  label: string;
  keywords: string[];
  action: MenuAction;
}

export interface MenuNode {
  id: string;
  prompt: string;
  /** Sent instead of the prompt after a reply that matches no option. */
  invalidReply?: string;
  options: MenuOption[];
}

export interface MenuDefinition {
  name: string;
  rootNodeId: string;
  nodes: MenuNode[];
  /** The most SMS segments the prompt, the invalid reply and each reply text may take. */
  maxPromptSegments: number;
  /** Invalid replies re-prompt this many times; the next one goes to the fallback queue. */
  maxInvalidAttempts: number;
  /** A customer silent this long abandons the menu. */
  timeoutSeconds: number;
  fallbackQueue: string;
}

const queueSchema = z.string().regex(QUEUE_KEY, {
  error: (issue) =>
    `queue "${String(issue.input)}" must be 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (e.g. "billing-es")`,
});

const nodeIdSchema = z.string().regex(NODE_ID, {
  error: (issue) => `node id "${String(issue.input)}" must be 1-40 letters, digits, "_" or "-"`,
});

function smsTextSchema(what: string) {
  return z
    .string()
    .trim()
    .min(1, { error: `${what} is empty` })
    .max(MAX_SMS_TEXT, { error: `${what} is longer than ${MAX_SMS_TEXT} characters, the most six SMS segments hold` });
}

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('queue'), queue: queueSchema }),
    z.object({ type: z.literal('menu'), nodeId: nodeIdSchema }),
    z.object({ type: z.literal('reply'), text: smsTextSchema('the reply text') }),
  ],
  { error: 'the action type must be "queue", "menu" or "reply"' },
);

const optionSchema = z.object({
  key: z.string().regex(OPTION_KEY, { error: (issue) => `key "${String(issue.input)}" must be a single digit, 0-9` }),
  label: z.string().trim().min(1, { error: 'the label is empty' }).max(40, { error: 'the label is longer than 40 characters' }),
  keywords: z
    .array(z.string().trim().min(1, { error: 'the keyword is empty' }).max(100, { error: 'the keyword is longer than 100 characters' }))
    .max(50, { error: 'an option takes at most 50 keywords' })
    .default([]),
  action: actionSchema,
});

const nodeSchema = z.object({
  id: nodeIdSchema,
  prompt: smsTextSchema('the prompt'),
  invalidReply: smsTextSchema('the invalid reply').optional(),
  options: z.array(optionSchema).max(10, { error: 'a node takes at most 10 options, one per digit' }),
});

export const menuDefinitionSchema = z.object({
  name: z.string().trim().min(1, { error: 'the menu needs a name' }).max(100, { error: 'the name is longer than 100 characters' }),
  rootNodeId: nodeIdSchema,
  nodes: z
    .array(nodeSchema)
    .min(1, { error: 'the menu needs at least one node' })
    .max(50, { error: 'a menu takes at most 50 nodes' }),
  maxPromptSegments: z.number().int().min(1).max(10).default(2),
  maxInvalidAttempts: z.number().int().min(0).max(10).default(2),
  timeoutSeconds: z.number().int().min(60).max(604_800).default(900),
  fallbackQueue: queueSchema,
});

export type MenuProblem = { path: string; message: string };

export type MenuValidation = { ok: true; menu: MenuDefinition } | { ok: false; errors: MenuProblem[] };

// The same shape read leniently (unreadable parts become undefined) so the graph and wording checks still run on an invalid menu.
const looseText = z.string().trim().optional().catch(undefined);
const looseMenuSchema = z
  .object({
    rootNodeId: looseText,
    maxPromptSegments: z.number().int().min(1).max(10).nullable().default(2).catch(null),
    nodes: z
      .array(
        z
          .object({
            id: looseText,
            prompt: looseText,
            invalidReply: looseText,
            options: z
              .array(
                z
                  .object({
                    key: looseText,
                    label: looseText,
                    keywords: z.array(looseText).catch([]).default([]),
                    action: z
                      .object({ type: looseText, nodeId: looseText, queue: looseText, text: looseText })
                      .optional()
                      .catch(undefined),
                  })
                  .catch({ keywords: [] }),
              )
              .catch([]),
          })
          .catch({ options: [] }),
      )
      .catch([]),
  })
  .catch({ nodes: [], maxPromptSegments: null });

type MenuShape = z.output<typeof looseMenuSchema>;
type NodeShape = MenuShape['nodes'][number];

/** Checks a menu as a whole and lists every problem found, each with where it is and what to change. */
export function validateMenu(input: unknown): MenuValidation {
  const parsed = menuDefinitionSchema.safeParse(input);
  if (parsed.success) {
    const menu: MenuDefinition = parsed.data;
    const errors = checkMenu(menu);
    return errors.length === 0 ? { ok: true, menu } : { ok: false, errors };
  }
  const schemaErrors = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const reported = schemaErrors.map((error) => error.path);
  // A part the schema rejected is reported once, by the schema, rather than again by the checks that read it.
  const further = checkMenu(looseMenuSchema.parse(input)).filter(
    (error) => !reported.some((path) => error.path === path || error.path.startsWith(`${path}.`) || path === ''),
  );
  return { ok: false, errors: [...schemaErrors, ...further] };
}

function checkMenu(menu: MenuShape): MenuProblem[] {
  const nodeIndex = indexNodes(menu.nodes);
  return [
    ...duplicateNodeIds(menu.nodes),
    ...unknownRoot(menu, nodeIndex),
    ...missingTargets(menu.nodes, nodeIndex),
    ...cycles(menu, nodeIndex),
    ...unreachableNodes(menu, nodeIndex),
    ...menu.nodes.flatMap((node, index) => deadEnd(node, index)),
    ...menu.nodes.flatMap((node, index) => duplicateKeys(node, index)),
    ...menu.nodes.flatMap((node, index) => collidingWords(node, index)),
    ...(menu.maxPromptSegments === null ? [] : oversizedTexts(menu.nodes, menu.maxPromptSegments)),
  ];
}

/** Node ids to their position; the first node with an id wins, duplicates are reported separately. */
function indexNodes(nodes: NodeShape[]): Map<string, number> {
  const index = new Map<string, number>();
  nodes.forEach((node, position) => {
    if (node.id !== undefined && !index.has(node.id)) {
      index.set(node.id, position);
    }
  });
  return index;
}

function duplicateNodeIds(nodes: NodeShape[]): MenuProblem[] {
  const firstSeen = new Map<string, number>();
  const problems: MenuProblem[] = [];
  nodes.forEach((node, position) => {
    if (node.id === undefined) {
      return;
    }
    const first = firstSeen.get(node.id);
    if (first === undefined) {
      firstSeen.set(node.id, position);
      return;
    }
    problems.push({ path: `nodes.${position}.id`, message: `node id "${node.id}" is already used by nodes.${first}; give each node its own id` });
  });
  return problems;
}

function unknownRoot(menu: MenuShape, nodeIndex: Map<string, number>): MenuProblem[] {
  if (menu.rootNodeId === undefined || nodeIndex.has(menu.rootNodeId)) {
    return [];
  }
  const known = [...nodeIndex.keys()].map((id) => `"${id}"`).join(', ');
  return [{ path: 'rootNodeId', message: `the root node "${menu.rootNodeId}" is not one of the nodes (${known || 'none'})` }];
}

/** Each option that leads to another node, with where it sits. */
function menuLinks(nodes: NodeShape[]): { from: number; option: number; to: string }[] {
  return nodes.flatMap((node, from) =>
    node.options.flatMap((option, optionIndex) =>
      option.action?.type === 'menu' && option.action.nodeId !== undefined ? [{ from, option: optionIndex, to: option.action.nodeId }] : [],
    ),
  );
}

function missingTargets(nodes: NodeShape[], nodeIndex: Map<string, number>): MenuProblem[] {
  return menuLinks(nodes)
    .filter((link) => !nodeIndex.has(link.to))
    .map((link) => ({
      path: `nodes.${link.from}.options.${link.option}.action.nodeId`,
      message: `goes to node "${link.to}", which does not exist`,
    }));
}

function cycles(menu: MenuShape, nodeIndex: Map<string, number>): MenuProblem[] {
  const nodes = menu.nodes;
  const links = menuLinks(nodes);
  const problems: MenuProblem[] = [];
  const state = new Array<'new' | 'open' | 'done'>(nodes.length).fill('new');
  const stack: number[] = [];
  const visit = (position: number): void => {
    state[position] = 'open';
    stack.push(position);
    for (const link of links) {
      const target = link.from === position ? nodeIndex.get(link.to) : undefined;
      if (target === undefined) {
        continue;
      }
      if (state[target] === 'open') {
        const loop = [...stack.slice(stack.indexOf(target)), target].map((member) => nodes[member]?.id ?? String(member));
        problems.push({
          path: `nodes.${position}.options.${link.option}.action.nodeId`,
          message: `cycle: ${loop.join(' → ')}; a customer could go round it forever, so point this option elsewhere`,
        });
      } else if (state[target] === 'new') {
        visit(target);
      }
    }
    stack.pop();
    state[position] = 'done';
  };
  // Starting from the root names each cycle from the side a customer enters it.
  const root = menu.rootNodeId === undefined ? undefined : nodeIndex.get(menu.rootNodeId);
  for (const position of [...(root === undefined ? [] : [root]), ...nodes.keys()]) {
    if (state[position] === 'new') {
      visit(position);
    }
  }
  return problems;
}

function unreachableNodes(menu: MenuShape, nodeIndex: Map<string, number>): MenuProblem[] {
  const root = menu.rootNodeId === undefined ? undefined : nodeIndex.get(menu.rootNodeId);
  if (root === undefined) {
    return [];
  }
  const links = menuLinks(menu.nodes);
  const reached = new Set([root]);
  const queue = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const link of links) {
      const target = link.from === next ? nodeIndex.get(link.to) : undefined;
      if (target !== undefined && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return menu.nodes.flatMap((node, position) =>
    reached.has(position) || node.id === undefined || nodeIndex.get(node.id) !== position
      ? []
      : [
          {
            path: `nodes.${position}`,
            message: `node "${node.id}" cannot be reached from the root node "${menu.rootNodeId}"; link an option to it or remove it`,
          },
        ],
  );
}

function deadEnd(node: NodeShape, position: number): MenuProblem[] {
  if (node.options.length > 0) {
    return [];
  }
  return [{ path: `nodes.${position}.options`, message: `node "${node.id ?? position}" has no options, so a customer who reaches it is stuck; add at least one` }];
}

function duplicateKeys(node: NodeShape, position: number): MenuProblem[] {
  const owners = new Map<string, number>();
  const problems: MenuProblem[] = [];
  node.options.forEach((option, optionIndex) => {
    if (option.key === undefined) {
      return;
    }
    const owner = owners.get(option.key);
    if (owner === undefined) {
      owners.set(option.key, optionIndex);
      return;
    }
    problems.push({
      path: `nodes.${position}.options.${optionIndex}.key`,
      message: `key "${option.key}" is already used by option ${owner}${describeLabel(node, owner)}; give each option its own digit`,
    });
  });
  return problems;
}

function describeLabel(node: NodeShape, optionIndex: number): string {
  const label = node.options[optionIndex]?.label;
  return label === undefined ? '' : ` ("${label}")`;
}

/**
 * Words that would make a customer's reply ambiguous: a label or keyword that reads the same, once normalised,
 * as another option's label, keyword, digit or number word.
 */
function collidingWords(node: NodeShape, position: number): MenuProblem[] {
  const owners = new Map<string, { option: number; what: string }>();
  const problems: MenuProblem[] = [];
  node.options.forEach((option, optionIndex) => {
    if (option.key === undefined || !OPTION_KEY.test(option.key)) {
      return;
    }
    for (const word of [option.key, ...numberWordsFor(option.key)]) {
      if (!owners.has(word)) {
        owners.set(word, { option: optionIndex, what: word === option.key ? `digit "${word}"` : `number word "${word}"` });
      }
    }
  });
  const claim = (text: string | undefined, optionIndex: number, path: string, what: string): void => {
    if (text === undefined) {
      return;
    }
    const normalized = normalizeText(text);
    if (normalized === '') {
      if (what.startsWith('keyword')) {
        problems.push({ path, message: `${what} has no letters or digits, so no reply can ever match it` });
      }
      return;
    }
    const owner = owners.get(normalized);
    if (owner === undefined) {
      owners.set(normalized, { option: optionIndex, what });
    } else if (owner.option !== optionIndex) {
      problems.push({
        path,
        message: `${what} reads the same as the ${owner.what} of option ${owner.option}${describeLabel(node, owner.option)}, so a customer typing it could mean either; remove one`,
      });
    }
  };
  node.options.forEach((option, optionIndex) => {
    claim(option.label, optionIndex, `nodes.${position}.options.${optionIndex}.label`, `label "${option.label}"`);
  });
  node.options.forEach((option, optionIndex) => {
    option.keywords.forEach((keyword, keywordIndex) => {
      claim(keyword, optionIndex, `nodes.${position}.options.${optionIndex}.keywords.${keywordIndex}`, `keyword "${keyword}"`);
    });
  });
  return problems;
}

function oversizedTexts(nodes: NodeShape[], maxSegments: number): MenuProblem[] {
  const texts = nodes.flatMap((node, position) => [
    { path: `nodes.${position}.prompt`, what: 'the prompt', text: node.prompt },
    { path: `nodes.${position}.invalidReply`, what: 'the invalid reply', text: node.invalidReply },
    ...node.options.map((option, optionIndex) => ({
      path: `nodes.${position}.options.${optionIndex}.action.text`,
      what: 'the reply text',
      text: option.action?.type === 'reply' ? option.action.text : undefined,
    })),
  ]);
  return texts.flatMap(({ path, what, text }) => {
    if (text === undefined) {
      return [];
    }
    const sms = analyzeSms(text);
    if (sms.segments <= maxSegments) {
      return [];
    }
    const because =
      sms.encoding === 'ucs-2' ? ` (UCS-2, 70 characters a segment, because of ${sms.nonGsmCharacters.slice(0, 5).map((character) => `"${character}"`).join(', ')})` : '';
    return [
      {
        path,
        message: `${what} takes ${sms.segments} SMS segments${because}, more than maxPromptSegments (${maxSegments}); shorten it or raise the limit`,
      },
    ];
  });
}
