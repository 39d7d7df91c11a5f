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
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL }).catch((error: unknown) => {
      console.warn('[team] offline shell not installed:', error);
    });
  });
}
