import { mount } from 'svelte';
import './app.css';
import App from './components/app.svelte';
import { TeamStore } from './lib/team-store.svelte.js';

const store = new TeamStore();
store.start();
mount(App, { target: document.getElementById('app')!, props: { store } });
