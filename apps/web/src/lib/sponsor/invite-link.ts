/**
 * The sign-up link an invite code is handed out with (the dashboard's "Copy sign-up link" and the
 * flyer's QR code), and its reading on the sign-up page. The code travels in the fragment
 * (`/signup#code=…`), never in the path or the query: a browser sends no fragment to any server,
 * so the code reaches no access log (the hub's, a balancer's, a hospital's web proxy), and no
 * Referer header either. Nothing else goes in the link: no sponsor, no tracking, nothing per person.
 */

/** `https://respite.example.org/signup#code=LAKE-7F3K9Q`. */
export function signUpLinkFor(origin: string, code: string): string {
  return `${origin}/signup#code=${encodeURIComponent(code)}`;
}

/**
 * The invite code a link carries: the fragment's `code=` (the form links are made in), else the
 * query's `?code=` (links written before the fragment), else null.
 */
export function inviteCodeFromLink(url: URL): string | null {
  const fromFragment = new URLSearchParams(url.hash.replace(/^#/, '')).get('code');
  const code = fromFragment ?? url.searchParams.get('code');
  return code && code.trim() !== '' ? code.trim() : null;
}
