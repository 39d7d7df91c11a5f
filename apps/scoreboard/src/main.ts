import { mount } from 'svelte';
import './app.css';
import App from './components/app.svelte';
import { RotationController } from './lib/rotation-controller.svelte.js';
import { parseScreenParams } from './lib/screen-params.js';
import { ScreenStore } from './lib/screen-store.svelte.js';

const { params, warnings } = parseScreenParams(window.location.search, navigator.language);
for (const warning of warnings) console.warn(`[screen] ${warning}`);
document.documentElement.lang = params.lang;

const store = new ScreenStore(params);
const rotation = new RotationController(store);
store.start();

mount(App, { target: document.getElementById('app')!, props: { store, rotation } });
