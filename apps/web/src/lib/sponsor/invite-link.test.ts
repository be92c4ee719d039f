import { inviteCodeFromLink, signUpLinkFor } from './invite-link';

describe('the invite sign-up link', () => {
  it('puts the code in the fragment, and nothing else in the link', () => {
    const link = signUpLinkFor('https://respite.example.org', 'LAKE-7F3K9Q');
    expect(link).toBe('https://respite.example.org/signup#code=LAKE-7F3K9Q');
    const url = new URL(link);
    expect({ path: url.pathname, query: url.search }).toEqual({ path: '/signup', query: '' });
  });

  it('reads back the code it was made with, even one with characters a URL must escape', () => {
    for (const code of ['DEMO-1A2B3C', 'a b&c=d#e']) expect(inviteCodeFromLink(new URL(signUpLinkFor('http://127.0.0.1:3000', code)))).toBe(code);
  });

  it('reads a code from an older ?code= link, prefers the fragment, and gives null without one', () => {
    expect(inviteCodeFromLink(new URL('http://h/signup?code=OLD-123456'))).toBe('OLD-123456');
    expect(inviteCodeFromLink(new URL('http://h/signup?code=OLD-123456#code=NEW-654321'))).toBe('NEW-654321');
    expect(inviteCodeFromLink(new URL('http://h/signup'))).toBeNull();
    expect(inviteCodeFromLink(new URL('http://h/signup#code='))).toBeNull();
    expect(inviteCodeFromLink(new URL('http://h/signup#other=1'))).toBeNull();
  });
});
