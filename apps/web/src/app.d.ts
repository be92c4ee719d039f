// Ambient types for SvelteKit. Respite has no server-side code in the web app, so these stay empty.
declare global {
  namespace App {}
}

export {};
