import { CorpusFile, type Template, email, phone, t } from './corpus-builder.ts';
import { card, group } from './formatting.ts';
import type { NumberFactory } from './number-factory.ts';

// Look-alikes: numbers that resemble cards, SSNs, IBANs, routing or account numbers, passwords, CVVs or
// expiries but are none of them. Only EMAIL and PHONE may be labelled here.
export function negativeMessages(n: NumberFactory): CorpusFile {
  const file = new CorpusFile('negatives');
  const add = (template: Template, note?: string): void => file.add(template, note);
  const amazon = (): string => `${n.pick(['111', '112', '113', '114'])}-${n.digits(7)}-${n.digits(7)}`;
  // A Boston-looking ZIP+4 that also satisfies the ABA checksum, to test that routing needs context.
  const abaShapedZip = (): string => {
    for (;;) {
      const candidate = n.routing();
      if (candidate.startsWith('02')) return candidate;
    }
  };
  const fourGroups = (digits: string): string => digits.match(/.{1,4}/g)?.join(' ') ?? digits;

  file.section('order-numbers', 'order, invoice and confirmation numbers have no card issuer prefix and length');
  add(t`where is my order?? ${amazon()}`);
  add(t`Amazon says order ${amazon()} was delivered but nothing on my porch`);
  add(t`I returned order # ${amazon()} two weeks ago and still no refund`);
  add(t`Your order 1000${n.digits(8)} has been received and is being prepared.`, '12-digit order number');
  add(t`invoice no. 20${n.digits(12)} for $412.50`, '14-digit invoice starting with 20');
  add(t`confirmation #: 70${n.digits(14)}`, '16 digits starting with 70: no issuer');
  add(t`receipt 0${n.digits(15)} from the hardware store, can you match the price?`, '16 digits starting with 0');
  add(t`PO 8${n.digits(12)} needs to be on the invoice please`);
  add(t`Booking reference 90${n.digits(11)}. Show this at check-in.`);
  add(t`my claim number is 1${n.digits(15)}`, '16 digits starting with 1');
  add(t`pedido ${amazon()}, cuándo llega?`);
  add(t`ticket # 00${n.digits(10)}, still waiting on a callback`);
  add(t`Order #${n.digits(6)} confirmed! Pickup after 3pm.`);
  add(t`Ref ${group('1' + n.digits(15), [4, 4, 4, 4], '-')} is your reservation`, 'dashed 4-4-4-4 starting with 1');
  add(t`reference ${group('7' + n.digits(15), [4, 4, 4, 4], ' ')} for the deposit refund`, 'spaced 4-4-4-4 starting with 7');

  file.section('tracking', 'parcel tracking numbers');
  add(t`UPS tracking 1Z${n.letters(3)}${n.digits(3)}${n.digits(10)}`, 'UPS 1Z, 18 characters');
  add(t`ur package: 1Z 999 AA1 01 2345 6784`, 'UPS with spaces');
  add(
    t`USPS tracking ${fourGroups('94001' + n.card('visa') + n.digits(1))}`,
    'USPS 22 digits; digits 6–21 are a Luhn-valid Visa, but a window inside a longer run is not a card',
  );
  add(t`tracking ${'92055' + n.card('mastercard') + n.digits(1)} says out for delivery`, 'USPS 22 digits with a Mastercard-shaped inner window');
  add(t`USPS ${fourGroups('9361' + n.card('discover') + n.digits(2))}`, 'USPS 22 digits with a Discover-shaped inner window');
  add(t`FedEx ${group('7' + n.digits(11), [4, 4, 4])}`, 'FedEx 12 digits');
  add(t`fedex ground 96${n.digits(13)}`, 'FedEx 15 digits starting with 96');
  add(t`DHL waybill 1${n.digits(9)}`);
  add(t`Your Estafeta guía is ${n.digits(22)}, entrega en 2-3 días`, '22-digit Mexican tracking number');
  add(t`rastreo: 7946 ${n.digits(4)} ${n.digits(4)}, paquetería FedEx`);
  add(t`tracking # LX${n.digits(9)}US`, 'international postal tracking');
  add(t`your return label: 9202 ${fourGroups(n.digits(18))}`, 'USPS return label, 22 digits');

  file.section('imei-iccid', 'device and SIM identifiers are Luhn-valid but not cards');
  add(t`IMEI ${n.imei()} is the one that got stolen`, 'IMEI: 15 digits, Luhn-valid');
  add(t`the phone's imei: ${n.imei()}`);
  add(t`IMEI1 ${n.imei()} IMEI2 ${n.imei()}`);
  add(t`can you unlock it? imei ${group(n.imei(), [2, 6, 6, 1], ' ')}`, 'IMEI printed in its AA-BBBBBB-CCCCCC-D form');
  add(t`SIM card number ${n.iccid(19)}`, 'ICCID 19 digits: "card" in "SIM card" is not card context');
  add(t`the iccid on the sim is ${n.iccid(20)}`, 'ICCID 20 digits');
  add(t`new SIM ${group(n.iccid(20), [4, 4, 4, 4, 4], ' ')} activated?`);
  add(t`my chip: ${n.iccid(19)} (the little card in the phone)`);
  add(t`phone serial ${n.letters(2)}${n.digits(8)} imei ${n.imei()}`);

  file.section('timestamps', 'millisecond timestamps are Luhn-valid here but start with 17');
  add(t`error at ts=${n.timestampMs()} when I tried to pay`);
  add(t`app crashed, log says ${n.timestampMs()} failed`);
  add(t`session ${n.timestampMs()} expired`);
  add(t`{"event":"checkout","at":${n.timestampMs()}}`);
  add(t`photo name IMG_${n.timestampMs()}.jpg`);
  add(t`sent at ${n.timestampMs()} and ${n.timestampMs()}`);

  file.section('amounts-dates', 'amounts, dates, times and quantities');
  add(t`total came to $1,249.99 with tax`);
  add(t`son 45.50 dlls por el envío`);
  add(t`the quote says 1.249,99 € for the tiles`);
  add(t`can you come at 1230? lunch break`, 'a time is not a CVV');
  add(t`return by 12/25 for a full refund`);
  add(t`coupon exp 08/31, use it on anything in store`, 'coupon expiry is not a card expiry');
  add(t`promo code SPRING25 expires 04/30`);
  add(t`my license exp 04/27 is that ok for the rental`, 'a driver license expiry');
  add(t`membership expires 12/31/2026, renew now and save 10%`);
  add(t`this offer is valid thru 11/30 at participating stores`, 'an offer, not a card');
  add(t`appointment moved to 10/14 at 2:45`);
  add(t`we need 250 chairs and 25 tables for the 6/21 event`);
  add(t`room 412, 3rd floor, code to the elevator is on the door`);
  add(t`the unit is 1,250 sq ft, rent $2,300/mo, available 9/1`);
  add(t`wire amount 12,450.00 USD`);
  add(t`check #1043 for $600 bounced?`);
  add(t`store 0423 register 12 transaction 5581 on 03/14/2026 13:42`);
  add(t`meet at 3:30 at table 123 in the food court`);
  add(t`can you do 4 units at 1,999 each`);

  file.section('ssn-lookalikes', 'SSN-shaped numbers that are not SSNs');
  add(t`ssn 000-${n.digits(2).replace(/^00$/, '12')}-${String(n.int(1000, 9999))}`, 'area 000 is never issued');
  add(t`my ssn is 666-${String(n.int(10, 99))}-${String(n.int(1000, 9999))}`, 'area 666 is never issued');
  add(t`ss# 9${n.digits(2)}-${String(n.int(70, 88))}-${String(n.int(1000, 9999))}`, 'area 9xx is never an SSN (this is ITIN-shaped)');
  add(t`ITIN 9${n.digits(2)}-${String(n.int(50, 65))}-${String(n.int(1000, 9999))} for the tax return`, 'ITIN: sensitive but not an SSN');
  add(t`social ${String(n.int(100, 599))}-00-${String(n.int(1000, 9999))}`, 'group 00 is never issued');
  add(t`ssn ${String(n.int(100, 599))}-${String(n.int(10, 99))}-0000`, 'serial 0000 is never issued');
  add(t`the last 4 of my SSN is ${String(n.int(1000, 9999))}`, 'last four only');
  add(t`SSN ending in ${String(n.int(1000, 9999))}, DOB 3/14/1979`);
  add(t`replacement cartridge part # ${String(n.int(100, 599))}-${String(n.int(10, 99))}-${String(n.int(1000, 9999))} is backordered`, 'part number with product context');
  add(t`SKU ${String(n.int(100, 599))}-${String(n.int(10, 99))}-${String(n.int(1000, 9999))}, size M, blue`, 'SKU with product context');
  add(t`model no. ${String(n.int(100, 599))}-${String(n.int(10, 99))}-${String(n.int(1000, 9999))} water filter`, 'model number with product context');
  add(t`our EIN is ${String(n.int(10, 99))}-${n.digits(7)}`, 'EIN 2-7');
  add(t`case number 2026-${n.digits(2)}-${n.digits(5)}`);
  add(t`social security office said to bring my card, appointment 10/3`);
  add(t`seguro social ${'9' + n.digits(2)}-${String(n.int(90, 92))}-${String(n.int(1000, 9999))}`, 'área 9xx: ITIN, no SSN');
  add(t`SSN 9${n.digits(8)}`, 'nine bare digits starting with 9');

  file.section('luhn-invalid', 'card-shaped numbers that fail Luhn (typos) are not labelled');
  add(t`my card is ${card(n.cardBadLuhn('visa'))}`);
  add(t`visa ${n.cardBadLuhn('visa')} pls charge the 80`);
  add(t`mastercard ${card(n.cardBadLuhn('mastercard'), '-')}`);
  add(t`amex ${card(n.cardBadLuhn('amex'))}`);
  add(t`tarjeta ${card(n.cardBadLuhn('visa'))}`);
  add(t`discover ${card(n.cardBadLuhn('discover'))}`);
  add(t`card number ${card(n.cardBadLuhn('jcb'))}`);
  add(t`1111-0000-1111-0000 is that the format you need?`, 'fails Luhn and has no issuer prefix');
  add(t`the card on file ${card(n.cardBadLuhn('mastercard'))} might be wrong, I'll call`);
  add(t`${card(n.cardBadLuhn('visa', 13))} old visa`);
  add(t`this one? ${card(n.cardBadLuhn('unionpay'))}`);
  add(t`try ${n.cardBadLuhn('diners', 14)} diners`);

  file.section('long-runs', 'a Luhn-valid card-shaped window inside a longer digit run is not a card');
  add(t`reference ${n.card('visa')}${n.digits(2)}`, '18 digits starting with 4 (not a Visa length)');
  add(t`ref 90${n.card('mastercard')}11`, '20 digits');
  add(t`batch id ${n.digits(3).replace(/^./, '9')}${n.card('visa')}`, '19 digits starting with 9');
  add(t`your confirmation code is 1${n.card('discover')}${n.digits(3)}`, '20 digits starting with 1');
  add(t`statement id 00${n.card('visa')}0`, '19 digits starting with 00');
  add(t`serial ${n.digits(2).replace(/^./, '8')}${n.card('amex')}${n.digits(2)}`, '19 digits starting with 8');

  file.section('masked', 'masked and truncated card numbers');
  add(t`Card ending in 4242 charged $18.00`);
  add(t`**** **** **** ${n.digits(4)} was declined`);
  add(t`XXXX-XXXX-XXXX-${n.digits(4)} expires soon, update it in the app`);
  add(t`we have your visa ****${n.digits(4)} on file`);
  add(t`•••• ${n.digits(4)}`);
  add(t`card: ${n.card('visa').slice(0, 6)}******${n.digits(4)}`, 'first six and last four, PCI truncation');
  add(t`${((d: string) => `${d.slice(0, 4)} ${d.slice(4, 6)}** **** ${d.slice(12)}`)(n.card('mastercard'))} is the one I want to use`, 'truncated 6+4 with spaces');
  add(t`tarjeta terminación ${n.digits(4)}`);
  add(t`Amex ending -${n.digits(5)}`);
  add(t`your card x${n.digits(4)} was updated`);
  add(t`Visa ·${n.digits(4)} was charged $12.99 for your subscription`);
  add(t`mi tarjeta que termina en ${n.digits(4)} no pasa`);

  file.section('otp', 'one-time and verification codes are not passwords');
  add(t`Your Parley verification code is ${n.digits(6)}. It expires in 10 minutes.`);
  add(t`${n.digits(6)} is your login code. Don't share it.`);
  add(t`Tu código de verificación es ${n.digits(6)}`);
  add(t`Your one-time passcode is ${n.digits(6)}`, 'OTP even though it says passcode');
  add(t`2FA code: ${n.digits(6)}`);
  add(t`Use code ${n.digits(4)} to confirm your appointment`);
  add(t`your bank texted me code ${n.digits(6)}, do you need it?`, 'forwarding an OTP is still not a stated password');
  add(t`Código de acceso temporal ${n.digits(6)}, válido por 5 min`, 'an OTP in Spanish');
  add(t`Enter ${n.digits(5)} to verify your number with Bloom & Co`);
  add(t`reply with code ${n.digits(4)} to opt in`);

  file.section('forgot-password', 'password and PIN words with no stated value');
  add(t`I forgot my password again 🙃`);
  add(t`how do I reset your password thing on the app`);
  add(t`Click the link to reset your password. If you didn't ask for this, ignore this message.`);
  add(t`password must be at least 8 characters?? ugh`);
  add(t`what's the wifi password?`);
  add(t`my password doesn't work since the update`);
  add(t`the password is the same as before`, 'no value is stated');
  add(t`password is on the back of the router`, 'no value is stated');
  add(t`enter your 4-digit PIN at the terminal when prompted`);
  add(t`the PIN pad at register 2 is broken`);
  add(t`Your PIN was changed successfully. If this wasn't you, call us.`);
  add(t`olvidé mi contraseña 😩`);
  add(t`contraseña incorrecta, me bloquearon`);
  add(t`no me acuerdo de la clave del banco`);
  add(t`can you pin the location? I'm lost`);
  add(t`I changed my PIN yesterday but the ATM says incorrect`);

  file.section('zip-phone', 'ZIP codes and phone numbers (phones are labelled, ZIPs are not)');
  add(t`ship to 500 Elm St, New York NY 100011234`, 'ZIP+4 written as nine digits');
  add(t`zip 94110-1234`);
  add(t`my zip+4 is 606011203`);
  add(t`mailing address: 88 Pine Rd, Boston MA ${abaShapedZip()}`, 'nine-digit ZIP+4 that passes the ABA checksum, with no routing context');
  add(t`call us toll free ${phone('1-800-555-0199')}`);
  add(t`${phone('(415) 555-0100')} ext 1234 is billing`, 'the extension is not part of the phone');
  add(t`call ${phone('415-555-0100')} or ${phone('415-555-0101')}`);
  add(t`WhatsApp ${phone('+52 55 1234 5678')}`);
  add(t`nuevo número ${phone('+34 612 34 56 78')}`);
  add(t`ring me on ${phone('+44 20 7946 0958')}`);
  add(t`cell ${phone('4155550162')}`, 'ten bare digits');
  add(t`numbers: ${phone('+1 212 555 0143')}, ${phone('+1 212 555 0144')}`);
  add(t`fax ${phone('(212) 555-0172')}`);
  add(t`text HELP to 55123 for help`, 'a short code is not a phone number');
  add(t`oficina ${phone('33 3616 2080')}, ext. 12`);

  file.section('account-words', 'account and routing words with no account number');
  add(t`my savings account balance is 12,450.00`, 'an amount, not an account number');
  add(t`can I open a checking account online?`);
  add(t`acct ending 0917 shows a pending charge`);
  add(t`your account #A-${n.digits(5)} was updated`, 'alphanumeric customer account reference');
  add(t`mi cuenta tiene $1,250 nada más`);
  add(t`what's the routing number? I can't find it`);
  add(t`routing number ${n.routingBadCheck()} is that right?`, 'nine digits that fail the ABA checksum');
  add(t`the account was opened 03/14/2019`);
  add(t`I have 2 accounts, checking and savings`);
  add(t`savings goal: $5,000 by 12/2026`);

  file.section('iban-lookalikes', 'IBAN-shaped strings that fail mod-97 or length, and other bank identifiers');
  add(t`IBAN ${n.ibanBadCheck('DE').match(/.{1,4}/g)?.join(' ') ?? ''} is that correct?`, 'check digits wrong');
  add(t`iban ${n.ibanBadCheck('ES')}`, 'check digits wrong');
  add(t`IBAN ${n.ibanBadCheck('GB').match(/.{1,4}/g)?.join(' ') ?? ''}`, 'check digits wrong');
  add(t`my IBAN ${n.iban('FR').slice(0, -2)} I think`, 'two characters short');
  add(t`BIC: COBADEFFXXX`, 'a BIC is not an account');
  add(t`swift code BSCHESMMXXX`);
  add(t`iban ${n.ibanBadCheck('NL')}`, 'check digits wrong');
  add(t`VAT number DE${n.digits(9)}`, 'a VAT id starts with a country code too');

  file.section('gift-loyalty', 'gift, loyalty and library numbers without a card issuer prefix');
  add(t`gift card ${group(n.luhnValid('7777', 16), [4, 4, 4, 4])} balance pls`, 'Luhn-valid, no issuer prefix; "card" alone is not enough');
  add(t`rewards card # ${n.luhnValid('8800', 16)}`, 'Luhn-valid, no issuer prefix');
  add(t`library card ${n.luhnValid('21234', 14)}`, 'Luhn-valid 14 digits starting with 21');
  add(t`my loyalty number is ${group(n.luhnValid('9100', 16), [4, 4, 4, 4], '-')}`);
  add(t`Starbucks card ${group(n.luhnValid('7071', 16), [4, 4, 4, 4])}`, 'starts with 7');
  add(t`gym membership card ${n.luhnValid('1008', 13)}`, 'Luhn-valid 13 digits starting with 1');

  file.section('misc-numbers', 'other identifiers that contain long digit runs');
  add(t`ISBN 978-0-${n.digits(3)}-${n.digits(5)}-${n.digits(1)}`);
  add(t`UPC 0${n.digits(11)} on the box`);
  add(t`VIN 1HGCM82633A${n.digits(6)}`);
  add(t`order id 3f2504e0-4f89-11d3-9a0c-0305e82c3301`, 'a GUID');
  add(t`router ip 192.168.1.254`);
  add(t`app version 4.12.1903 build 20260314`);
  add(t`we're at 19.4326, -99.1332`);
  add(t`follow us @bloomandco_sf 🌸`, 'a handle is not an email');
  add(t`email us at the address on the website`, 'no address given');
  add(t`NPI 1${n.digits(9)} for Dr. Patel`, 'a provider id');
  add(t`meter reading 0${n.digits(7)}`);
  add(t`book 3, page 412, lot 17-A`);
  add(t`my email is ${email('rosa.dl@gmail.com')}, send the quote there`, 'an email is low severity and is labelled');

  return file;
}
