import { describe, expect, it } from 'vitest';
import { detectSensitiveData } from '../sensitive-data.ts';

function emails(text: string): string[] {
  return detectSensitiveData(text)
    .filter((finding) => finding.type === 'EMAIL')
    .map((finding) => text.slice(finding.start, finding.end));
}

describe('EMAIL', () => {
  it.each([
    ['write to john@example.com', 'john@example.com'],
    ['email: bob@example.com.', 'bob@example.com'],
    ['(jane.doe+sms@mail.example.co.uk)', 'jane.doe+sms@mail.example.co.uk'],
    ['ñandú@correo.es', 'ñandú@correo.es'],
    ['josé.pérez@empresa.com.mx', 'josé.pérez@empresa.com.mx'],
    ['mail me at O\'Brien@example.ie', "O'Brien@example.ie"],
    ['me@sub-domain.example.org, thanks', 'me@sub-domain.example.org'],
    ['ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
  ])('finds %j', (text, email) => {
    expect(emails(text)).toEqual([email]);
  });

  it.each([
    ['a handle', 'follow @parley_support'],
    ['a handle with a dot', 'follow @john.doe'],
    ['spelled-out words', 'john at example dot com'],
    ['a host without a TLD', 'john@localhost'],
    ['a numeric TLD', 'root@10.0.0.1'],
    ['a bare at sign', 'meet @ 5pm'],
  ])('ignores %s', (_case, text) => {
    expect(emails(text)).toEqual([]);
  });

  // A backtracking blow-up would run into the test timeout.
  it('finishes on long local parts and domains', () => {
    const text = `${'a'.repeat(5000)}@${'b.'.repeat(5000)}`;
    detectSensitiveData(text);
  });
});
