import { normalizeText } from '../text/normalized-text.ts';

export type ConsentIntent = 'opt-out' | 'opt-in' | 'help' | 'opt-out-request';

/** The keyword reported for an opt-out asked for in a sentence rather than with a keyword. */
export const PLAIN_LANGUAGE = 'PLAIN_LANGUAGE';

// Carrier (CTIA) keywords and their Spanish counterparts, written as normalisation leaves them: no accents, hyphens as spaces.
const KEYWORDS: ReadonlyArray<readonly [Exclude<ConsentIntent, 'opt-out-request'>, readonly string[]]> = [
  [
    'opt-out',
    [
      'STOP',
      'STOPALL',
      'STOP ALL',
      'UNSUBSCRIBE',
      'CANCEL',
      'END',
      'QUIT',
      'REVOKE',
      'OPT OUT',
      'OPTOUT',
      'ALTO',
      'PARAR',
      'PARA',
      'DETENER',
      'BAJA',
      'DAR DE BAJA',
      'CANCELAR',
      'NO MAS',
      'SALIR',
    ],
  ],
  ['opt-in', ['START', 'UNSTOP', 'YES', 'INICIAR', 'ALTA', 'SI', 'COMENZAR']],
  ['help', ['HELP', 'INFO', 'AYUDA']],
];

const KEYWORD_BY_TEXT: ReadonlyMap<string, { intent: ConsentIntent; keyword: string }> = new Map(
  KEYWORDS.flatMap(([intent, keywords]) => keywords.map((keyword) => [keyword.toLowerCase(), { intent, keyword }] as const)),
);

// Opt-out keywords that still mean "stop" with a courtesy around them ("stop please"); "cancel" or "end" with words around them usually mean something else.
const STRONG_OPT_OUT = '(?:stop|stop all|stopall|unsubscribe|opt out|optout|revoke|alto|detener|baja|dar de baja|no mas)';
const COURTESY = '(?:please|pls|plz|plez|now|it|already|asap|thanks|thank you|thx|ty|ok|okay|seriously|omg|just|right now|por favor|porfa|porfavor|gracias|ya|ahora)';

// Words a sender puts before a verb when they are not asking for it ("don't stop", "why did you stop").
const NOT_ASKING =
  '(?<!\\b(?:dont|do not|didnt|did not|never|not|not to|wont|will not|dont want to|do not want to|dont wanna|why|did you|didnt you|why did you|when did you|if you)\\s)';
// "You never text me" is a complaint about the sender, not a request to them.
const NOT_ME = '(?<!\\b(?:you|u|they|he|she|we)\\s)';
const UNTIMED = '(?!\\s(?:until|till|before|after|between|during|at|on|today|tonight|tomorrow|this week|this weekend|while)\\b)';
const TEXTS = '(?:texts?|text messages|txts?|messages?|msgs?|sms|alerts?|notifications?|promos?|promotions?|spam|ads|marketing|reminders?)';
const MANY_TEXTS = '(?:texts|text messages|txts|messages|msgs|sms|alerts|notifications|promos|promotions|spam|ads|marketing|reminders)';
const CONTACTING = '(?:texting|txting|texing|messaging|msging|contacting|spamming|bothering|harassing|writing to|sending texts to|sending messages to)';
const CONTACT = '(?:text|txt|message|msg|sms|contact|write to|send anything to|send texts to|send messages to)';
const LIST = '(?:(?:mailing|texting|text|sms|messaging|message|contact|distribution|call|calling|marketing|subscriber|subscription)\\s)?(?:list|lists|contacts|database|system|texts|messages)';
const ACCOUNT_THINGS =
  '(?:plan|subscription|membership|account|service|premium|package|program|renewal|auto renewal|autorenewal|box|delivery|deliveries|emails?|newsletter|order|appointment|trial|policy)';
const ES_TEXTS = '(?:mensajes?|textos?|sms|mensajitos|mensajes de texto|promociones|notificaciones)';
const ES_AFTER_SEND = `(?=\\s(?:mas|${ES_TEXTS}|nada|por favor|porfa|gracias|nunca|ya|otra vez|de nuevo|aqui|a este numero|a mi numero|a mi celular)\\b|$)`;
const ES_ACCOUNT = '(?:cuenta|servicio|suscripcion|plan|linea|contrato|tarjeta|membresia|pedido|seguro|gimnasio|cita|reserva|poliza)';

/** Sentences asking not to be texted any more, in English and Spanish, on normalised text. */
const PLAIN_LANGUAGE_OPT_OUTS: readonly RegExp[] = [
  // "stop please", "STOP IT!!", "unsubscribe now"
  new RegExp(`^(?:${COURTESY}\\s)*${STRONG_OPT_OUT}(?:\\s${COURTESY})*$`),
  // "please stop texting me", "can you stop messaging me", "quit texting"
  new RegExp(`${NOT_ASKING}\\b(?:stop|quit|cease)\\s(?:\\w+ly\\s|fucking\\s|freaking\\s)?${CONTACTING}(?=\\s(?:me|us|my|this number|this phone|please|pls|plz|now|already|ok|thanks|thank you)\\b|$)`),
  // "stop sending me texts", "stop sending these messages"
  new RegExp(`${NOT_ASKING}\\b(?:stop|quit|cease)\\ssending\\s(?:me\\s|us\\s)?(?:(?:any|these|those|the|your|all|all these|all the|more|this|such)\\s)?(?:${TEXTS}|crap|junk|stuff)\\b`),
  new RegExp(`${NOT_ASKING}\\b(?:stop|quit|cease)\\ssending\\s(?:me|us)(?:\\s(?:these|this|please|pls|anything|now))?$`),
  // "stop all messages", "I want to stop receiving texts", "cancel the reminders"
  new RegExp(`${NOT_ASKING}\\b(?:stop|quit|cease|end|cancel)\\s(?:(?:receiving|getting)\\s)?(?:(?:all|all the|all these|all your|any|the|these|those|your|this|my)\\s)?${MANY_TEXTS}\\b`),
  // "if you don't stop texting me…" is a request all the same
  new RegExp(`\\bif you (?:dont|do not|wont) stop (?:${CONTACTING}|sending)\\b`),
  // "don't text me anymore", "do not contact me again", "never message this number"
  new RegExp(`${NOT_ME}\\b(?:dont|do not|never|no longer)\\s(?:ever\\s)?${CONTACT}\\s(?:me|us|this number|my number|this phone|my phone)\\b${UNTIMED}(?!\\sback\\b)`),
  // "I don't want these texts", "no more messages"
  new RegExp(`\\b(?:dont|do not|no longer)\\swant\\s(?:to\\s(?:get|receive)\\s)?(?:(?:any\\s?more|any|more|these|those|your|the|this)\\s)?${MANY_TEXTS}\\b${UNTIMED}`),
  new RegExp(`\\bno more\\s${MANY_TEXTS}\\b${UNTIMED}`),
  // "unsubscribe me", "how do I unsubscribe?", "opt me out" (not "unsubscribe from my plan")
  new RegExp(`${NOT_ASKING}\\b(?:unsubscribe|opt\\s(?:me\\s|us\\s)?out|optout)\\b(?!\\s(?:(?:me\\s|us\\s)?(?:from|of)\\s)(?:(?:my|the|your|this|our|auto|automatic)\\s)*${ACCOUNT_THINGS}\\b)`),
  // "remove me from your list", "take me off this list", "delete my number"
  new RegExp(
    `\\b(?:remove|delete|take|erase|drop|get)\\s(?:me|us|my number|my phone number|my phone|my cell|my cell number|my mobile number|my info|my contact)\\s(?:off|from|out of)\\s(?:of\\s)?(?:(?:your|this|the|ur|these|their|all|all your|all of your|my|our)\\s)?${LIST}\\b`,
  ),
  new RegExp(`\\b(?:remove|delete|erase|lose)\\smy\\s(?:phone\\s|cell\\s|mobile\\s)?number\\b(?!\\s(?:from|on|in)\\s(?:my|the)\\s(?:account|profile|order))`),
  // "leave me alone"
  new RegExp(`${NOT_ASKING}\\bleave me alone\\b`),
  // "no me manden más mensajes", "ya no me escriban", "no me vuelvan a escribir"
  new RegExp(
    `\\bno\\sme\\s(?:sigan\\s|vuelvan a\\s|vuelvas a\\s|vuelva a\\s)?(?:manden|mandes|mande|mandar|mandando|envien|envies|envie|enviar|enviando|escriban|escribas|escriba|escribir|escribiendo|contacten|contactes|contacte|contactar|textees|texteen|textear|molesten|molestes|molestar)${ES_AFTER_SEND}`,
  ),
  // "dejen de enviarme mensajes", "deja de escribirme"
  new RegExp(
    `(?<!\\bno\\s)\\b(?:dejen|deja|deje|dejar|paren|para|pare|parar)\\sde\\s(?:enviarme|mandarme|escribirme|contactarme|textearme|molestarme|llamarme|spamearme|(?:enviar|mandar)\\s(?:me\\s)?(?:mas\\s)?${ES_TEXTS})\\b`,
  ),
  // "no quiero recibir más mensajes", "basta de mensajes"
  new RegExp(`\\bno\\squiero\\s(?:recibir\\s)?(?:mas\\s)?(?:(?:sus|estos|los|tus|esos)\\s)?${ES_TEXTS}\\b`),
  new RegExp(`\\b(?:no mas|basta de|ya basta de)\\s${ES_TEXTS}\\b`),
  // "quiero darme de baja", "denme de baja" (not "dar de baja mi cuenta")
  new RegExp(`\\b(?:darme|denme|dame|deme|dar)\\sde\\sbaja\\b(?!.*\\b${ES_ACCOUNT}\\b)`),
  // "sáquenme de su lista", "borren mi número" (not "la lista de espera")
  new RegExp(
    `\\b(?:sacame|sacarme|saquenme|saqueme|borrame|borrarme|borrenme|borreme|eliminame|eliminarme|eliminenme|quitame|quitarme|quitenme)\\sde\\s(?:(?:la|su|tu|esta|sus|esa|las|los)\\s)?(?:lista|listas|base de datos|contactos|mensajes|sistema)\\b(?!\\sde espera)`,
  ),
  new RegExp(`\\b(?:borren|eliminen|quiten|borra|elimina|quita|borrar|eliminar)\\smi\\s(?:numero|telefono|celular)\\b`),
];

// One pass over the text instead of one per pattern.
const ANY_PLAIN_LANGUAGE_OPT_OUT = new RegExp(PLAIN_LANGUAGE_OPT_OUTS.map((pattern) => `(?:${pattern.source})`).join('|'));

/**
 * What a message says about consent: a carrier keyword alone in any case, punctuation and emoji ignored (`keyword`
 * is its upper-case, accent-free form), or a plain-language opt-out request such as "please stop texting me"
 * (`keyword` is PLAIN_LANGUAGE).
 */
export function classifyConsent(text: string): { intent: ConsentIntent; keyword: string } | undefined {
  const normalized = normalizeText(text);
  if (normalized === '') {
    return undefined;
  }
  const keyword = KEYWORD_BY_TEXT.get(normalized) ?? repeatedKeyword(normalized);
  if (keyword !== undefined) {
    return keyword;
  }
  return ANY_PLAIN_LANGUAGE_OPT_OUT.test(normalized) ? { intent: 'opt-out-request', keyword: PLAIN_LANGUAGE } : undefined;
}

/** "STOP STOP STOP" is still the keyword. */
function repeatedKeyword(normalized: string): { intent: ConsentIntent; keyword: string } | undefined {
  const [first, ...rest] = normalized.split(' ');
  return first !== undefined && rest.length > 0 && rest.every((word) => word === first) ? KEYWORD_BY_TEXT.get(first) : undefined;
}
