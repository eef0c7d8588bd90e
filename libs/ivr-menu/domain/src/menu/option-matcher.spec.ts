import { describe, expect, it } from 'vitest';
import type { MenuNode } from './menu-definition.ts';
import { matchOption } from './option-matcher.ts';

const queue = (name: string) => ({ type: 'queue' as const, queue: name });

const node: MenuNode = {
  id: 'root',
  prompt: 'Reply 1 Sales, 2 Support, 3 Billing, 4 Lost card, 0 Other',
  options: [
    { key: '1', label: 'Sales', keywords: ['buy', 'pricing', 'ventas'], action: queue('sales') },
    { key: '2', label: 'Support', keywords: ['soporte', 'technical support', 'broken'], action: queue('support') },
    { key: '3', label: 'Billing', keywords: ['invoice', 'factura', 'reembolso', 'card payment'], action: queue('billing') },
    { key: '4', label: 'Lost card', keywords: ['stolen card'], action: queue('cards') },
    { key: '0', label: 'Other', keywords: [], action: { type: 'reply', text: 'Tell us more.' } },
  ],
};

function picked(input: string): string | undefined {
  const match = matchOption(node, input);
  return match === undefined ? undefined : `${match.option.key} ${match.matchedBy}`;
}

describe('matchOption', () => {
  it.each(['2', '2.', '#2', ' 2 ', 'option 2', 'Option #2 please', '2!!', '２', '2️⃣', '(2)', '٢'])('reads the digit in %j', (input) => {
    expect(picked(input)).toBe('2 digit');
  });

  it.each([
    ['two', '2'],
    ['Two', '2'],
    ['TWO!', '2'],
    ['dos', '2'],
    ['Dos por favor', '2'],
    ['uno', '1'],
    ['one', '1'],
    ['option three', '3'],
    ['la opción tres', '3'],
    ['cero', '0'],
  ])('reads the number word in %j', (input, key) => {
    expect(picked(input)).toBe(`${key} number-word`);
  });

  it.each([
    ['SALES', '1'],
    ['sales please', '1'],
    ['I need support', '2'],
    ['soporte técnico', '2'],
    ['SOPORTE', '2'],
    ['I want to buy a phone', '1'],
    ['my screen is broken 😭', '2'],
    ['technical support', '2'],
    ['Factura', '3'],
    ['a question about my invoice', '3'],
    ['I have one question about billing', '3'],
    ['lost card', '4'],
    ['my card was stolen card', '4'],
  ])('reads the label or a keyword in %j', (input, key) => {
    expect(picked(input)).toBe(`${key} keyword`);
  });

  it.each([
    ['suport', '2'],
    ['saels', '1'],
    ['bilingg', '3'],
    ['biling', '3'],
    ['invoise', '3'],
    ['I need tecnical suport', '2'],
    ['rembolso', '3'],
    ['rembolzo', '3'],
    ['sopporte', '2'],
  ])('reads the near spelling %j', (input, key) => {
    expect(picked(input)).toBe(`${key} spelling`);
  });

  it.each([
    ['a 4-7 letter word two edits away', 'spuprot'],
    ['a short word', 'bil'],
    ['a three-letter slip', 'buu'],
    ['a greeting near a keyword', 'hello'],
    ['an 8+ letter word three edits away', 'rmbolsoo x'],
  ])('does not stretch spelling to %s (%j)', (_case, input) => {
    expect(picked(input)).toBeUndefined();
  });

  it('prefers an exact match to a spelling one', () => {
    expect(picked('sales, not suport')).toBe('1 keyword');
  });

  it('lets a longer phrase win over a word inside it', () => {
    expect(picked('card payment')).toBe('3 keyword');
    expect(picked('stolen card')).toBe('4 keyword');
  });

  it.each([
    ['two different digits', '2 or 3'],
    ['a digit and another option’s keyword', '1 support'],
    ['two options’ keywords', 'sales or billing'],
    ['two equally near spellings', 'saels and suport'],
    ['two number words', 'one or two'],
  ])('gives up on %s (%j)', (_case, input) => {
    expect(picked(input)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   '],
    ['emoji only', '👍🙂'],
    ['punctuation only', '?!...'],
    ['a digit with no option', '7'],
    ['an unrelated sentence', 'Hello there, is anyone around today?'],
  ])('finds nothing in %s', (_case, input) => {
    expect(picked(input)).toBeUndefined();
  });

  it('returns the option object itself', () => {
    expect(matchOption(node, 'billing')?.option).toBe(node.options[2]);
  });

  it('reads a node built later with different keywords afresh', () => {
    const edited: MenuNode = { ...node, options: node.options.map((option) => (option.key === '1' ? { ...option, keywords: ['quote'] } : option)) };
    expect(matchOption(edited, 'quote')?.option.key).toBe('1');
    expect(matchOption(node, 'quote')).toBeUndefined();
  });

  it('answers long messages against 5 options × 10 keywords, the slowest path', () => {
    const keywordSets = [
      ['sales', 'buy', 'pricing', 'quote', 'purchase', 'ventas', 'comprar', 'precio', 'cotizacion', 'demo'],
      ['support', 'help', 'broken', 'technical support', 'error', 'soporte', 'ayuda', 'problema', 'outage', 'repair'],
      ['billing', 'invoice', 'payment', 'refund', 'charge', 'factura', 'pago', 'reembolso', 'cobro', 'receipt'],
      ['shipping', 'delivery', 'tracking', 'package', 'order status', 'envio', 'entrega', 'paquete', 'pedido', 'courier'],
      ['account', 'password', 'login', 'profile', 'cuenta', 'contrasena', 'usuario', 'settings', 'email address', 'username'],
    ];
    const busy: MenuNode = {
      id: 'busy',
      prompt: 'p',
      options: keywordSets.map((keywords, index) => ({ key: String(index + 1), label: `Desk ${index + 1}`, keywords, action: queue('q') })),
    };
    const messages = [
      // Nothing matches exactly, so every word is also tried as a near spelling: the slowest path.
      'Hello there, I was wondering whether somebody could maybe look into the thing that happened yesterday afternoon with my neighbours dog, thanks so much!!!!!!',
      'Buenas tardes, quisiera saber el estado de mi pedido porque el paquete no ha llegado todavia y necesito la entrega antes del viernes, gracias 🙏🙏 ok ok ok ok',
    ];
    expect(messages.every((message) => message.length >= 150)).toBe(true);
    expect(messages.map((message) => matchOption(busy, message))).toEqual([undefined, expect.objectContaining({ matchedBy: 'keyword' })]);
  });
});
