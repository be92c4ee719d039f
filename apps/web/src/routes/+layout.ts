// The app renders in the browser only: pages need the signed-in session, which only the browser
// holds. The landing page and the crisis card opt back into prerendering in their own +page.ts.
export const ssr = false;
export const prerender = false;
