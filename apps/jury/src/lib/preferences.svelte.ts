// The console's language: from the address, else what this browser chose last, else its language.
import type { Language } from '@podium/contracts';
import type { KeyValueStorage } from './session.svelte.js';
import { translator, type Translate } from './messages.js';

export const LANG_STORAGE_KEY = 'podium.jury.lang';

export class Preferences {
  lang = $state<Language>('fr');
  readonly t: Translate = $derived(translator(this.lang));

  constructor(
    lang: Language,
    private readonly storage: KeyValueStorage | null,
  ) {
    this.lang = lang;
  }

  toggle(): void {
    this.lang = this.lang === 'fr' ? 'en' : 'fr';
    this.storage?.setItem(LANG_STORAGE_KEY, this.lang);
    if (typeof document !== 'undefined') document.documentElement.lang = this.lang;
  }
}
