import { mount } from 'svelte';
import './app.css';
import App from './components/app.svelte';
import { TeamStore } from './lib/team-store.svelte.js';

const store = new TeamStore();
store.start();
// A QR link opened while the page is already open changes only the fragment.
window.addEventListener('hashchange', () => store.takeFragment(location.hash));
mount(App, { target: document.getElementById('app')!, props: { store } });

// The offline shell (public/sw.js): reopening the page without a network shows the last known state.
// Its install caches the shell from the server; when that fails (the venue Wi-Fi dropped right
// after the page loaded), it is tried again later instead of leaving the phone without a shell.
const SHELL_RETRY_MS = 30_000;

function installOfflineShell(): void {
  const retry = (): void => void setTimeout(installOfflineShell, SHELL_RETRY_MS);
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL }).then(
    (registration) => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'redundant' && !registration.active) retry();
      });
    },
    (error: unknown) => {
      console.warn('[team] offline shell not installed:', error);
      retry();
    },
  );
}

// MODE, not PROD: PROD follows NODE_ENV, and a build run under a test runner (NODE_ENV=test, as in CI)
// compiled the worker out - the cause of CI's offline-shell failure.
if ('serviceWorker' in navigator && import.meta.env.MODE === 'production') window.addEventListener('load', installOfflineShell);
