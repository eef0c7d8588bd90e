import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';

function passwords(text: string): string[] {
  return detectSensitiveData(text)
    .filter((finding) => finding.type === 'PASSWORD')
    .map((finding) => text.slice(finding.start, finding.end));
}

describe('PASSWORD', () => {
  it.each([
    ['my password is Tr0ub4dor&3', 'Tr0ub4dor&3'],
    ['pw: hunter2', 'hunter2'],
    ['pwd=s3cret!', 's3cret!'],
    ['password hunter2', 'hunter2'],
    ['Password: banana', 'banana'],
    ['my password is banana.', 'banana'],
    ['PIN 4821', '4821'],
    ['pin is 1234', '1234'],
    ['my pin number: 998877', '998877'],
    ['PIN#4821', '4821'],
    ['contraseña: gato123', 'gato123'],
    ['mi contraseña es gato123', 'gato123'],
    ['clave 9981', '9981'],
    ['mi clave es 1234', '1234'],
    ['mi NIP es 4321', '4321'],
    ['passcode 482916', '482916'],
    ['the passphrase is "correct horse battery"', 'correct horse battery'],
    ['login is bob / hunter22', 'hunter22'],
    ['login: bob@example.com / Secret1!', 'Secret1!'],
    ['username/password: bob/hunter22', 'hunter22'],
    ['pass: hunter22', 'hunter22'],
    ['your temporary password is Xy7#kq2', 'Xy7#kq2'],
    ['new password: Xk9#mm2', 'Xk9#mm2'],
    ['I changed my password to Summer2024!', 'Summer2024!'],
    ['wifi password is BlueHouse77', 'BlueHouse77'],
    ['the password for the portal is Qwerty!9', 'Qwerty!9'],
    ['la clave del wifi es casa2024', 'casa2024'],
    ['my password is banana and my pin is nothing', 'banana'],
    ['contra Mexico86!', 'Mexico86!'],
    ['mi contra es gato123', 'gato123'],
    ["it's Frontdesk2024 (the email pw)", 'Frontdesk2024'],
    ['Great2024 was the password', 'Great2024'],
    ['4821 is my pin', '4821'],
    ['por favor cambien mi nip, el actual es 5502', '5502'],
    ['PIN, the current one is 7788', '7788'],
    ['the PIN for my new debit card is 4821 right?', '4821'],
  ])('finds the value in %j', (text, value) => {
    expect(passwords(text)).toEqual([value]);
  });

  it.each([
    'I forgot my password',
    'I forgot my password and need help',
    'reset your password',
    'please reset your password to continue',
    'Your password has been reset',
    'password reset link sent',
    'the password is incorrect',
    'my password is not working',
    'Your password must be at least 8 characters',
    'Password: ********',
    'what is your password?',
    'enter your PIN to continue',
    'your code is 123456',
    'Your verification code is 482913',
    'Your one-time password is 482913',
    'Your OTP PIN is 4829',
    'drop a pin at 5th street',
    'boarding pass 1234',
    'boarding pass: 1234ABC',
    'clave de rastreo 1234567890',
    'palabra clave: ofertas2024',
    'olvidé mi contraseña',
    'Your password is about to expire',
    'the password is going to change tomorrow',
    'Login: https://portal.example.com/account',
    'login to your account at example.com',
    'pass me the salt',
    'I passed the exam',
    'credentials sent to your email',
    "my password doesn't work since the update",
    "passwords shouldn't go by text",
    "the pin won't take",
    'la vacuna contra COVID-19 ya llegó',
    'en contra de Mexico86',
    'see you at 10:30 (the wifi pw)',
    'what is my password?',
    'enter your PIN to continue, your balance is 1234',
    'the password for my new bank account is locked',
    'Your one-time code 482913 is your pin.',
    'gate pin 4471',
    'see you at 2, 4471 is the lockbox pin',
  ])('ignores %j', (text) => {
    expect(passwords(text)).toEqual([]);
  });

  it('reports the value only, in original offsets after emoji', () => {
    const text = '🙈🙉 pw: hunter2';
    expect(detectSensitiveData(text)).toEqual([{ type: 'PASSWORD', start: text.indexOf('hunter2'), end: text.length }]);
  });
});
