import { mount } from 'svelte';
import './app.css';
import App from './components/app.svelte';
import { parseConsoleParams, type ViewName } from './lib/console-params.js';
import { ConsoleStore, defaultConsoleDeps } from './lib/console-store.svelte.js';
import { JuryApi } from './lib/jury-api.js';
import { LANG_STORAGE_KEY, Preferences } from './lib/preferences.svelte.js';
import { SessionStore } from './lib/session.svelte.js';

const params = parseConsoleParams(window.location.search, window.location.hash, navigator.language, localStorage.getItem(LANG_STORAGE_KEY));
document.documentElement.lang = params.lang;

const deps = defaultConsoleDeps();
const api = new JuryApi(deps.fetch);
const session = new SessionStore(api, localStorage);
void session.resume(params.event);
const prefs = new Preferences(params.lang, localStorage);

/** The address follows the console (event and view), so a reload or a shared link lands on the same page. */
function navigate(event: string, view: ViewName): void {
  const url = new URL(window.location.href);
  url.searchParams.set('event', event);
  url.hash = view;
  history.replaceState(null, '', url);
}

mount(App, {
  target: document.getElementById('app')!,
  props: { session, prefs, event: params.event, view: params.view, createConsole: (event: string) => new ConsoleStore(event, session, api, deps), onNavigate: navigate },
});
