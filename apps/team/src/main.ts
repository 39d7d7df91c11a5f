import { mount } from 'svelte';
import './app.css';
import App from './components/app.svelte';
import { TeamStore } from './lib/team-store.svelte.js';

const store = new TeamStore();
store.start();
// A QR link opened while the page is already open changes only the fragment.
window.addEventListener('hashchange', () => store.takeFragment(location.hash));
mount(App, { target: document.getElementById('app')!, props: { store } });
