// Prerendered with its content in the HTML, so the crisis card shows even when the hub is down.
export const prerender = true;
export const ssr = true;
