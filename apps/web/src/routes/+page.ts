// The landing page needs no data: prerendered with its content, so it reads well without scripts.
export const prerender = true;
export const ssr = true;
