import { CorpusFile, type Template, acct, cc, cvv, email, exp, iban, phone, pw, rtn, ssn, t } from './corpus-builder.ts';
import { DASH, INVISIBLE, SPACE, card, group, ibanPrint, script, ssnFormat, weave } from './formatting.ts';
import type { Brand, IbanCountry, NumberFactory } from './number-factory.ts';

// Evasion and format variety: every labelled number here is still sensitive once separators, other digit
// scripts and invisible characters are folded away.
export function adversarialMessages(n: NumberFactory): CorpusFile {
  const file = new CorpusFile('adversarial');
  const add = (template: Template, note?: string): void => file.add(template, note);
  const P = (brand: Brand, length?: number): string => n.card(brand, length);
  const C = (brand: Brand, separator = ' ', length?: number): string => card(n.card(brand, length), separator);
  const G = (brand: Brand, sizes: readonly number[], separator: string | readonly string[], length?: number): string =>
    group(n.card(brand, length), sizes, separator);
  const S = (separator = '-'): string => ssnFormat(n.ssn(), separator);
  const I = (country: IbanCountry, separator = ' '): string => ibanPrint(n.iban(country), separator);

  file.section('separators', 'card digits with unusual separators are still a card');
  add(t`card is ${cc(C('visa', '.'))} thx`);
  add(t`here u go ${cc(C('mastercard', '/'))}`);
  add(t`my card ${cc(C('visa', '  '))} exp ${exp('10/27')}`, 'double spaces between groups');
  add(t`tarjeta ${cc(C('visa', SPACE.nbsp))} vence ${exp('06/29')}`, 'NBSP between groups (pasted from a banking app)');
  add(t`${cc(C('mastercard', SPACE.thin))} is the card`, 'thin spaces');
  add(t`use ${cc(C('discover', SPACE.narrowNbsp))} for the order`, 'narrow NBSP');
  add(t`card ${cc(C('visa', SPACE.figure))} pls`, 'figure spaces');
  add(t`paying with ${cc(C('visa', DASH.hyphen))}`, 'U+2010 hyphens');
  add(t`${cc(C('mastercard', DASH.nonBreaking))} exp ${exp('02/28')} cvv ${cvv('771')}`, 'non-breaking hyphens');
  add(t`the number is ${cc(C('visa', DASH.en))}`, 'en dashes');
  add(t`card: ${cc(C('amex', DASH.em))}`, 'em dashes, Amex 4-6-5');
  add(t`${cc(C('visa', DASH.minus))} <- my card`, 'minus signs');
  add(t`card ${cc(C('mastercard', ' - '))} ok?`, 'spaced dashes');
  add(t`${cc(C('visa', '_'))}`, 'underscores, message is only the card');
  add(t`cc ${cc(C('discover', '|'))}`, 'pipes');
  add(t`card (${cc(G('visa', [4, 4, 4, 4], [') ', ' ', ' ']))} exp ${exp('05/27')}`, 'first group in parentheses; the span starts at the first digit');
  add(t`${cc(G('visa', [6, 6, 4], ' '))} is my visa`, 'irregular 6-6-4 grouping');
  add(t`mc ${cc(G('mastercard', [2, 2, 2, 2, 2, 2, 2, 2], ' '))}`, 'pairs of digits');
  add(t`visa ${cc(G('visa', [3, 3, 3, 3, 4], '-'))}`, '3-3-3-3-4 grouping');
  add(t`the card ${cc(G('mastercard', [5, 5, 6], ' '))} expires ${exp('12/26')}`, '5-5-6 grouping');
  add(t`${cc(G('visa', [8, 8], ' '))} visa`, '8-8 grouping');
  add(t`its ${cc(weave(P('visa'), ' '))}`, 'every digit spaced apart');
  add(t`card ${cc(G('mastercard', [4, 4, 4, 4], ['-', ' ', '.']))} exp ${exp('09/26')} cvv ${cvv('038')}`, 'mixed separators in one number');
  add(t`card ${cc(G('visa', [4, 4, 4, 4], '\t'))}`, 'tabs between groups');
  add(t`${cc(G('visa', [4, 4, 4, 4], ','))} (commas, autocorrect)`, 'commas between groups');
  add(t`amex ${cc(G('amex', [4, 6, 5], '.'))} cid ${cvv('9012')}`);
  add(t`card\n${cc(G('visa', [4, 4, 4, 4], '\n'))}\nexp ${exp('03/28')}`, 'one group per line');
  add(t`${cc(G('mastercard', [4, 4, 4, 4], ' / '))}`, 'spaced slashes');
  add(t`card -> ${cc(G('visa', [4, 4, 4, 4], ' · '))}`, 'middle dots');
  add(t`the digits are ${cc(G('discover', [4, 4, 4, 4], '-', 16))} and the cvc is ${cvv('662')}`);

  file.section('brands', 'issuer prefixes and lengths a 16-digit-only pattern misses');
  add(t`visa ${cc(C('visa', ' ', 13))}`, '13-digit Visa');
  add(t`old visa card ${cc(P('visa', 13))} exp ${exp('11/26')}`, '13-digit Visa, no separators');
  add(t`my visa has 19 digits?? ${cc(C('visa', ' ', 19))}`, '19-digit Visa 4-4-4-4-3');
  add(t`${cc(P('visa', 19))} is the card`, '19-digit Visa, no separators');
  add(t`mastercard ${cc(card(n.luhnValid('2221', 16)))}`, 'Mastercard 2-series at the bottom of the range');
  add(t`mc ${cc(card(n.luhnValid(String(n.int(2222, 2720)), 16)))} (the new 2-series one)`, 'Mastercard 2-series');
  add(t`карта ${cc(C('mir'))} срок ${exp('08/27')}`, 'Mir 2200–2204, Russian context');
  add(t`my mir card ${cc(P('mir'))}`, 'Mir without separators');
  add(t`diners ${cc(C('diners', ' ', 14))}`, 'Diners 14 digits 4-6-4');
  add(t`${cc(P('diners', 14))} diners club exp ${exp('07/28')}`);
  add(t`diners club card ${cc(C('diners', ' ', 16))}`, 'Diners 16 digits');
  add(t`discover ${cc(C('discover', ' ', 19))}`, 'Discover 19 digits');
  add(t`disc ${cc(P('discover'))} exp ${exp('01/29')} cvv ${cvv('451')}`);
  add(t`unionpay ${cc(C('unionpay'))}`);
  add(t`银联卡 ${cc(C('unionpay', ' ', 19))}`, 'UnionPay 19 digits, Chinese context');
  add(t`maestro ${cc(C('maestro'))}`);
  add(t`my maestro card is ${cc(C('maestro', ' ', 19))}`, 'Maestro 19 digits');
  add(t`jcb ${cc(C('jcb'))} exp ${exp('04/30')}`);
  add(t`JCB ${cc(C('jcb', ' ', 19))}`, 'JCB 19 digits');
  add(t`amex ${cc(P('amex'))} CID ${cvv('3391')}`, 'Amex 15 digits glued together, 4-digit CID');
  add(t`the test card ${cc('4111 1111 1111 1111')} works in your sandbox?`, 'well-known test PAN is labelled');
  add(t`try ${cc('5555 5555 5555 4444')} exp ${exp('12/30')} cvc ${cvv('123')}`, 'Mastercard test PAN');
  add(t`stripe test ${cc('4242424242424242')}`, 'Stripe test PAN');
  add(t`amex test ${cc('378282246310005')}`, 'Amex test PAN');
  add(t`${cc('6011 1111 1111 1117')} discover test`, 'Discover test PAN');
  add(t`jcb test ${cc('3530 1113 3330 0000')}`, 'JCB test PAN');
  add(t`diners test ${cc('3056 930902 5904')}`, 'Diners 14-digit test PAN');

  file.section('unicode-digits', 'digits from other Unicode blocks fold to a valid card');
  add(t`カード ${cc(script(C('visa', SPACE.ideographic), 'fullwidth'))}`, 'full-width digits and ideographic spaces');
  add(t`card ${cc(script(C('mastercard'), 'fullwidth'))} exp ${exp(script('09/27', 'fullwidth'))}`, 'full-width digits');
  add(t`${cc(script(C('visa', '－'), 'fullwidth'))}`, 'full-width digits and full-width hyphen-minus');
  add(t`رقم البطاقة ${cc(script(C('visa'), 'arabic'))}`, 'Arabic-Indic digits do not fold under NFKC');
  add(t`card ${cc(script(P('mastercard'), 'arabic'))} thanks`, 'Arabic-Indic digits, no separators');
  add(t`کارت ${cc(script(C('visa'), 'persian'))}`, 'Extended Arabic-Indic (Persian) digits');
  add(t`कार्ड ${cc(script(C('visa'), 'devanagari'))}`, 'Devanagari digits');
  add(t`my card ${cc(script(C('visa'), 'bold'))} 💳`, 'mathematical bold digits: two UTF-16 units each');
  add(t`${cc(script(P('amex'), 'bold'))} amex`, 'mathematical bold, Amex');
  add(t`card ${cc(script(C('mastercard'), 'monospace'))} exp ${exp(script('11/28', 'monospace'))} cvv ${cvv(script('604', 'monospace'))}`, 'mathematical monospace digits throughout');
  add(t`${cc(script(C('discover'), 'doubleStruck'))} lol fancy font`, 'mathematical double-struck digits');
  add(
    t`card ${cc(((d: string) => script(d.slice(0, 4), 'fullwidth') + ' ' + d.slice(4, 8) + ' ' + script(d.slice(8, 12), 'bold') + ' ' + script(d.slice(12), 'arabic'))(P('visa')))}`,
    'mixed scripts within one number',
  );
  add(t`tarjeta ${cc(script(C('visa'), 'fullwidth'))} vence ${exp('10/28')} código ${cvv(script('377', 'fullwidth'))}`);
  add(t`🔢 ${cc(script(G('visa', [4, 4, 4, 4], '-'), 'bold'))} 🔢`, 'bold digits between emoji');

  file.section('invisible', 'invisible characters between digits do not break a card');
  add(t`card ${cc(weave(P('visa'), INVISIBLE.zwsp))}`, 'ZWSP between every digit');
  add(t`${cc(weave(P('mastercard'), INVISIBLE.zwnj))} exp ${exp('08/28')}`, 'ZWNJ between every digit');
  add(t`card: ${cc(weave(P('visa'), INVISIBLE.zwj))}`, 'ZWJ between every digit');
  add(t`visa ${cc(weave(P('visa'), INVISIBLE.wordJoiner))}`, 'word joiner between every digit');
  add(t`${cc(weave(P('discover'), INVISIBLE.bom))} disc`, 'BOM between every digit');
  add(t`card ${cc(weave(P('visa'), INVISIBLE.softHyphen))}`, 'soft hyphen between every digit');
  add(t`card ${cc(G('mastercard', [4, 4, 4, 4], INVISIBLE.zwsp))}`, 'ZWSP only at group boundaries, so it looks like one run');
  add(t`card ${cc(G('visa', [4, 4, 4, 4], ` ${INVISIBLE.zwsp}`))} cvv ${cvv('218')}`, 'space plus ZWSP between groups');
  add(t`${cc(G('amex', [4, 6, 5], INVISIBLE.wordJoiner + ' '))}`, 'word joiner plus space, Amex');
  add(
    t`card ${cc(((d: string) => [...d].map((c, i) => c + (i < d.length - 1 ? ([INVISIBLE.zwsp, INVISIBLE.zwj, INVISIBLE.softHyphen, ''][i % 4] ?? '') : '')).join(''))(P('visa')))}`,
    'a mix of invisible characters',
  );
  add(t`the numbers ${cc(script(weave(P('visa'), INVISIBLE.zwsp), 'fullwidth'))}`, 'full-width digits with ZWSP between them');
  add(t`pls charge ${cc(G('mastercard', [4, 4, 4, 4], ['-' + INVISIBLE.softHyphen, '-', '-']))}`, 'soft hyphen hiding next to a dash');
  add(t`${cc(weave(P('jcb'), INVISIBLE.zwnj))}`, 'JCB with ZWNJ');

  file.section('emoji-offsets', 'astral emoji, ZWJ sequences and skin tones before the span shift UTF-16 offsets');
  add(t`👨‍👩‍👧‍👦 family card ${cc(C('visa'))}`);
  add(t`💳👍🏽 here it is ${cc(C('mastercard'))} ${exp('04/28')} ${cvv('901')}`);
  add(t`🏳️‍🌈🏳️‍⚧️ pride shop order, card ${cc(C('visa', '-'))}`);
  add(t`👩🏿‍💻 my pw is ${pw('D3v!ceLab#9')}`);
  add(t`🇲🇽🇺🇸 mi seguro social ${ssn(S())}`);
  add(t`🙏🏼🙏🏼🙏🏼 thank u!! my email ${email('gracias.mil@gmail.com')}`);
  add(t`😂😂😂 ok ok here's my cell ${phone('+1 (702) 555-0123')}`);
  add(t`1️⃣ card ${cc(C('discover'))}\n2️⃣ exp ${exp('06/27')}\n3️⃣ cvv ${cvv('333')}`, 'keycap emoji list');
  add(t`👷🏾‍♂️ routing ${rtn(n.routing())} acct ${acct(n.account(10))}`);
  add(t`🧑🏻‍🍳🍕 IBAN ${iban(I('DE'))}`);
  add(t`❤️‍🔥❤️‍🔥 ${cc(C('amex'))} ❤️‍🔥`);
  add(t`🫶🏻 PIN ${pw('2468')}`);
  add(t`🤦‍♀️🤦‍♀️ forgot to say exp is ${exp('12/29')} and cvv ${cvv('884')}`);
  add(t`👨🏽‍🦱👩🏼‍🦰 our joint checking ${acct(n.account(12))}`);
  add(t`🐕‍🦺🐈‍⬛ vet bill card: ${cc(C('jcb'))}`);

  file.section('splits', 'one card split inside one message: the span runs from the first digit to the last');
  add(t`card ${cc(G('visa', [4, 4, 4, 4], [' ', '\n', ' ']))}`, 'split across a line break');
  add(t`first half: ${cc(((d: string) => `${group(d.slice(0, 8), [4, 4])}\nsecond half: ${group(d.slice(8), [4, 4])}`)(P('visa')))}`, 'labelled halves; the words between are inside the span');
  add(t`${cc(((d: string) => `${group(d.slice(0, 8), [4, 4])} ... ${group(d.slice(8), [4, 4])}`)(P('mastercard')))} sorry my thumb slipped`, 'halves separated by an ellipsis');
  add(t`card ${cc(((d: string) => `${d.slice(0, 4)}\n${d.slice(4, 8)}\n\n${d.slice(8, 12)}\n${d.slice(12)}`)(P('discover')))}`, 'groups on separate lines with a blank line');
  add(t`${cc(((d: string) => `${d.slice(0, 6)} and then ${d.slice(6)}`)(P('visa')))}`, 'two halves joined by words');
  add(t`card ${cc(((d: string) => `${group(d.slice(0, 8), [4, 4], '-')} (cont) ${group(d.slice(8), [4, 4], '-')}`)(P('visa')))} exp ${exp('07/29')}`, 'halves with a word in parentheses between');
  add(t`amex:\n${cc(((d: string) => `${d.slice(0, 4)}\n${d.slice(4, 10)}\n${d.slice(10)}`)(P('amex')))}`, 'Amex groups one per line');
  add(t`card numbers are: ${cc(((d: string) => `${d.slice(0, 4)}, ${d.slice(4, 8)}, ${d.slice(8, 12)}, ${d.slice(12)}`)(P('mastercard')))}.`, 'groups listed with commas and spaces');

  file.section('glued', 'digits glued to words: the span is the digits only');
  add(t`card#${cc(P('visa'))}exp${exp('12/27')}cvv${cvv('123')}`);
  add(t`cc:${cc(C('mastercard', '-'))},exp:${exp('01/28')},cvc:${cvv('555')}`);
  add(t`CARD=${cc(P('discover'))};EXP=${exp('0329')};CVV=${cvv('042')}`, 'exp as MMYY');
  add(t`tarjeta:${cc(P('visa'))}/vence:${exp('11/2027')}/cod:${cvv('710')}`, 'four-digit year');
  add(t`cardnumber${cc(P('visa'))}thanks`);
  add(t`(${cc(C('visa'))})`, 'card in parentheses');
  add(t`"${cc(C('mastercard'))}"`, 'card in quotes');
  add(t`card-${cc(P('amex'))}-exp-${exp('0930')}`, 'exp as MMYY between dashes');

  file.section('multi', 'several sensitive items in one message');
  add(t`use ${cc(C('visa'))} for the deposit and ${cc(C('mastercard'))} for the balance`);
  add(t`personal: ${cc(C('visa'))} exp ${exp('03/27')}\nbusiness: ${cc(C('amex'))} exp ${exp('10/28')}`);
  add(t`ssn ${ssn(S())} card ${cc(C('discover'))}`);
  add(t`wife's card ${cc(P('mastercard'))} mine ${cc(P('visa'))} whichever works`);
  add(t`card ${cc(C('visa'))} exp ${exp('05/29')} cvv ${cvv('781')} and my email for the receipt is ${email('rcastillo@live.com')}`);
  add(t`${cc(C('visa', '-'))}\n${cc(C('visa', '-'))}\n${cc(C('mastercard', '-'))}\ntry them in that order`, 'three cards, one per line');
  add(t`pls update: card ${cc(C('unionpay'))}, phone ${phone('+86 138 0013 8000')}, email ${email('wei.zhang88@163.com')}`);
  add(t`IBAN ${iban(I('ES'))} o si no la tarjeta ${cc(C('visa'))} cad. ${exp('09/26')}`, 'cad. is short for caducidad');

  file.section('spanglish', 'mixed English and Spanish context words');
  add(t`ok aquí va la card ${cc(C('visa'))} vence ${exp('08/28')} y el security code es ${cvv('492')}`);
  add(t`la tarjeta de crédito es ${cc(C('mastercard', '-'))}, caducidad ${exp('02/27')}, CVV ${cvv('120')}`);
  add(t`mi card expira el ${exp('10/2026')}, número ${cc(P('visa'))}`, 'expiry before the card');
  add(t`código de seguridad ${cvv('804')}, vencimiento ${exp('06/28')}, tarjeta ${cc(C('discover'))}`);
  add(t`me pidieron el social security, es ${ssn(S())} ok?`);
  add(t`mi número de seguro social es ${ssn(n.ssn())}`, 'nine bare digits with Spanish SSN context');
  add(t`la password del wifi es ${pw('Familia2024')} jaja`);
  add(t`mi contraseña: ${pw('Perrito$22')} no se la digas a nadie 🤫`);
  add(t`la clave de mi tarjeta es ${pw('0719')}`, 'clave here means the card PIN');
  add(t`my cuenta de cheques es ${acct(n.account(11))} y la ruta ${rtn(n.routing())}`);
  add(t`transfer a mi IBAN ${iban(I('ES', ''))} please, gracias`, 'IBAN without spaces');
  add(t`el número de ruta (routing) es ${rtn(n.routing())}`);
  add(t`send it to my correo ${email('mari.gzz@hotmail.com')} o textea al ${phone('(956) 555-0110')}`);
  add(t`valid thru ${exp('07/26')} y el cvc ${cvv('093')}`, 'keywords only, no card number');
  add(t`vence ${exp('11/27')}, cvv ${cvv('218')}, tarjeta termina en 4401`, 'keywords give card context even though only the last four are sent');
  add(t`el CVV es ${cvv('630')} y la fecha de expiración ${exp('01/27')}`);
  add(t`cvv2 ${cvv('114')}`, 'CVV2 keyword');
  add(t`security code: ${cvv('5567')} (amex)`, 'four-digit Amex CID');
  add(t`código de seguridad ${cvv('091')} 🔒`);

  file.section('ssn', 'SSN formats and spacing');
  add(t`ssn ${ssn(S(' '))}`);
  add(t`SSN: ${ssn(S('.'))}`);
  add(t`social ${ssn(S(SPACE.nbsp))}`, 'NBSP separators');
  add(t`ssn ${ssn(S(DASH.en))}`, 'en dash separators');
  add(t`SSN ${ssn(S(DASH.nonBreaking))}`, 'non-breaking hyphen separators');
  add(t`my social security number is ${ssn(script(S(), 'fullwidth'))}`, 'full-width digits');
  add(t`SSN#${ssn(n.ssn())}`, 'glued to the keyword');
  add(t`social sec no. ${ssn(S())} (for the background check)`);
  add(t`ss# ${ssn(n.ssn())}`);
  add(t`${ssn(S())} <- that's my ssn`);
  add(t`SSN\n${ssn(S())}`, 'on its own line');
  add(t`soc ${ssn(S(' - '))}`, 'spaced dashes');
  add(t`s.s.n. ${ssn(weave(n.ssn(), INVISIBLE.zwsp))}`, 'ZWSP between every digit');
  add(t`seguro social: ${ssn(S())}, y el de mi esposa ${ssn(S())}`);

  file.section('iban', 'IBAN spacing and case');
  add(t`iban ${iban(I('DE').toLowerCase())}`, 'lower case');
  add(t`IBAN: ${iban(I('GB', ''))}`, 'no spaces');
  add(t`${iban(I('FR', SPACE.nbsp))}`, 'NBSP between groups');
  add(t`my iban is ${iban(((s: string) => s.slice(0, 2).toLowerCase() + s.slice(2))(I('NL')))}`, 'lower-case country code only');
  add(t`IBAN ${iban(((s: string) => s.slice(0, 4) + ' ' + s.slice(4))(n.iban('DE')))}`, 'only the first group split off');
  add(t`iban:${iban(I('BE', ''))}`, 'glued to the keyword');
  add(t`${iban(I('ES'))}\n^ my IBAN`);
  add(t`IBAN ${iban(I('CH', '-'))}`, 'dashes between groups');
  add(t`account ${iban(I('AT'))} (austria)`);
  add(t`IBAN ${iban(I('IT', '  '))}`, 'double spaces');
  add(t`hi!! 🇩🇪 ${iban(I('DE'))}`);
  add(t`pay to ${iban(I('GB').toLowerCase().replace(/ /g, ''))}`, 'lower case, no spaces');
  add(t`Kontonummer (IBAN) ${iban(I('LU'))}`);
  add(t`rib: ${iban(I('FR'))}`);
  add(t`IBAN ${iban(I('NO'))}`, 'Norway: 15 characters');
  add(t`mi IBAN ${iban(I('ES', SPACE.thin))}`, 'thin spaces');
  add(t`🙋🏽‍♀️ IBAN ${iban(I('IE', SPACE.nbsp))}`, 'NBSP groups after a ZWJ emoji with a skin tone');
  add(t`💶💶 ${iban(I('FR').toLowerCase())} merci`, 'lower case after emoji');
  add(t`IBAN:\n${iban(I('ES'))}\nBIC: CAIXESBBXXX`, 'IBAN on its own line, BIC after it is not part of it');
  add(t`iban ${iban(I('NL', '.'))}`, 'dots between groups');

  file.section('bank', 'routing and account number variants');
  add(t`ABA#${rtn(n.routing())}`);
  add(t`RTN: ${rtn(n.routing())}, ACCT: ${acct(n.account(12))}`);
  add(t`routing ${rtn(group(n.routing(), [4, 4, 1], '-'))}`, 'dashed 4-4-1 routing number');
  add(t`acct ${acct(group(n.account(10), [3, 3, 4], '-'))}`, 'dashed account number');
  add(t`routing:${rtn(n.routing())}/acct:${acct(n.account(9))}`, 'glued to keywords');
  add(t`a/c ${acct(n.account(8))}`);
  add(t`savings # ${acct(n.account(7))}`);
  add(t`checking acct no. ${acct(n.account(17))}`, '17 digits, the longest US account');
  add(t`${rtn(n.routing())} ${acct(n.account(10))} routing then account`, 'both numbers before the keywords');
  add(t`account number: ${acct(group(n.account(12), [4, 4, 4], ' '))}`, 'account in groups of four');
  add(t`Routing Number\n${rtn(n.routing())}\nAccount Number\n${acct(n.account(11))}`, 'copied from a check image, one field per line');
  add(t`ruta ${rtn(n.routing())} cuenta ${acct(n.account(10))}`);
  add(t`acct ${acct(script(n.account(10), 'fullwidth'))}`, 'full-width digits');
  add(t`routing ${rtn(weave(n.routing(), INVISIBLE.zwsp))}`, 'ZWSP between digits');
  add(t`routing ${rtn(script(n.routing(), 'fullwidth'))} account ${acct(script(n.account(9), 'fullwidth'))}`, 'full-width digits');
  add(t`RTN${rtn(n.routing())}ACCT${acct(n.account(10))}`, 'glued to upper-case keywords');
  add(t`rtn # ${rtn(group(n.routing(), [3, 3, 3], ' '))}`, 'routing number in groups of three');
  add(t`aba/routing: ${rtn(n.routing())} 🏦`);
  add(t`🏦 bank: Chase, routing ${rtn(n.routing())}, acct ${acct(n.account(12))} 🙏🏽`);
  add(t`ROUTING ${rtn(n.routing())}\nACCOUNT ${acct(n.account(10))}\nTYPE checking`);

  file.section('password', 'stated passwords and PINs in different shapes');
  add(t`pw=${pw('hunter2')}`);
  add(t`pass: ${pw('Xk9$mQ2!vL')}`);
  add(t`pwd - ${pw('s3cr3t_Sauce')}`);
  add(t`my password is "${pw('Tr0ub4dor&3')}"`, 'quotes are not part of the password');
  add(t`PIN:${pw('0042')}`);
  add(t`pin is ${pw('9090')} for the debit card`);
  add(t`login: carlos77 / ${pw('Ch1vas#4ever')}`);
  add(t`contraseña: ${pw('gato123')}`);
  add(t`mi clave es ${pw('Luna2019')}`);
  add(t`the password for the business account is ${pw('P@ssw0rd!')}`);
  add(t`PASSWORD ${pw('ZAQ!2wsx')}`);
  add(t`my new pin = ${pw('1357')}`);
  add(t`passcode ${pw('448812')} for the app`);
  add(t`contra ${pw('Mexico86!')} 🙈`, 'contra is slang for contraseña');
  add(t`👨🏻‍💻 password: ${pw('c0rr3ct-h0rse')}`);
  add(t`pw ${pw('Ñandú2023')}`, 'non-ASCII letters in the password');
  add(t`PIN ${pw(script('8264', 'fullwidth'))}`, 'full-width digits');
  add(t`my banking pwd is ${pw('Qz#881vv')} and pin ${pw('3090')}`, 'two secrets in one message');
  add(t`clave:${pw('Rayados1945')}`);

  file.section('contact', 'emails and phones in unusual spellings');
  add(t`email me at ${email('JUAN.PEREZ@GMAIL.COM')}`, 'upper case');
  add(t`${email('first.last+parley@mail.co.uk')}`, 'plus tag and a multi-part public suffix');
  add(t`mail: ${email('o\'brien.k@bc.edu')}`, 'apostrophe in the local part');
  add(t`(${email('ventas@mi-tienda.com.mx')})`, 'email in parentheses');
  add(t`call ${phone('+14155550119')}`, 'E.164');
  add(t`tel ${phone('+44 7700 900123')}`);
  add(t`cel ${phone('044 55 1234 5678')}`, 'old Mexican mobile prefix');
  add(t`${phone('+34 91 123 45 67')} es la oficina`, 'Madrid landline');
  add(t`my # is ${phone('415.555.0177')}`, 'dotted US number');
  add(t`whatsapp ${phone('+52 1 55 1234 5678')}`);

  file.section('echo', 'outbound: agents repeating sensitive data must be caught too');
  add(t`Just confirming the card you sent: ${cc(C('visa'))}, exp ${exp('02/28')}. Charging $75 now.`);
  add(t`We've set your temporary PIN to ${pw('5521')}. Please change it at your next visit.`);
  add(t`Thanks! I have your SSN as ${ssn(S())}, please confirm.`);
  add(t`The refund went to IBAN ${iban(I('ES'))}.`);
  add(t`Confirmed deposit details: routing ${rtn(n.routing())}, account ${acct(n.account(10))}.`);
  add(t`Your new portal password is ${pw('Q7m!tR4z')}`);

  return file;
}
