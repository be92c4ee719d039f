/**
 * The Content-Security-Policy of every response. The web app's policy is defined once, in
 * `apps/web/svelte.config.js` (`kit.csp`, mode 'hash'): the build writes it, with the hash of each
 * page's inline script, into that page's `<meta http-equiv>` tag. The hub sends the same policy as
 * a header for that page, read from the built file, so the hashes are never written twice and the
 * header cannot drift from the meta tag. It adds only what a meta tag cannot carry
 * (`frame-ancestors`). Everything else the hub answers (the API, scripts, styles, images) gets a
 * policy that allows nothing, so a response rendered as a document by mistake can run nothing.
 */
import fs from 'node:fs';

/** Directives a `<meta>` policy cannot carry (browsers ignore them there): sent in the header only. */
export const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'";

/** For every response that is not a page: nothing may load, run or frame it. */
export const NOTHING_ALLOWED_POLICY = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * The service worker's own policy (a worker takes its CSP from its script's response): it fetches
 * and caches the app's static files, on this origin only, and loads nothing else.
 */
export const SERVICE_WORKER_POLICY = "default-src 'none'; connect-src 'self'";

/**
 * A page whose built file has no policy (a build without `kit.csp`) still gets a strict one: its
 * inline script is then refused, so the mistake shows at once instead of shipping a page without CSP.
 */
const FALLBACK_PAGE_POLICY = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

const META_POLICY = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"\s*\/?>/i;

/** The policy of a built page: its meta tag's policy plus the header-only directives. */
export function pagePolicyOf(html: string): string | null {
  const match = META_POLICY.exec(html);
  if (!match) return null;
  // SvelteKit escapes attribute values; a policy holds no `&`, `<` or `"` of its own.
  const metaPolicy = match[1]!.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
  return `${metaPolicy.replace(/;\s*$/, '')}; ${HEADER_ONLY_DIRECTIVES}`;
}

/** The header policy for each built page file, read once per version of the file. */
export class PagePolicies {
  private readonly cache = new Map<string, { version: string; policy: string }>();

  for(filePath: string): string {
    const stat = fs.statSync(filePath, { throwIfNoEntry: false });
    const version = stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
    const cached = this.cache.get(filePath);
    if (cached?.version === version) return cached.policy;
    const policy = (stat && pagePolicyOf(fs.readFileSync(filePath, 'utf8'))) || `${FALLBACK_PAGE_POLICY}; ${HEADER_ONLY_DIRECTIVES}`;
    this.cache.set(filePath, { version, policy });
    return policy;
  }
}
