// Registers the service worker of a built lab (never in development, where Vite serves modules one by
// one). Relative to the page, so a lab served from a sub-path registers its own worker for that path.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Failing to register only loses offline use; the lab itself works the same.
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('synthlab: offline use is unavailable:', e));
}
