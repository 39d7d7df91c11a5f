// FR/EN texts of the server-rendered pages (landing, "not built").
import type { Language } from '@podium/contracts';

const EN = {
  'landing.title': 'Podium',
  'landing.tagline': 'Live rounds of AI data challenges: instant scoring, live leaderboards, jury and ceremony.',
  'landing.events': 'Events',
  'landing.noEvent': 'No event yet. Import an event bundle with `podium import <bundle>` or POST /api/admin/events (admin token).',
  'landing.bigScreen': 'Big screen',
  'landing.bigScreenAll': 'All scenes in rotation',
  'landing.teamView': 'Team view',
  'landing.juryConsole': 'Jury console',
  'landing.coming': 'coming',
  'landing.apiDocs': 'API documentation',
  'landing.health': 'Server health',
  'landing.tasks': 'Tasks',
  'landing.otherLanguage': 'Version française',
  'landing.window': '{opens} to {closes}',
  'landing.freezeAt': 'board freezes at {time}',
  'landing.timezone': 'Times in {tz}',
  'scene.leaderboard': 'Leaderboard',
  'scene.overview': 'Overview',
  'scene.race': 'Race',
  'scene.ticker': 'Ticker',
  'scene.countdown': 'Countdown',
  'state.upcoming': 'upcoming',
  'state.open': 'open',
  'state.frozen': 'open, board frozen',
  'state.closed': 'closed',
  'event.running': 'running',
  'event.upcoming': 'upcoming',
  'event.finished': 'finished',
  'page.back': 'Back to the home page',
  'unbuilt.title': 'The {app} is not built',
  'unbuilt.body': 'Podium found no built files in {dir}.',
  'unbuilt.fix': 'Run `npm run build` at the repository root (or `npm start`, which builds everything), then reload this page.',
  'unbuilt.override': 'Or point {env} at a folder holding the built files (index.html + assets/).',
  'app.screen': 'big screen',
  'app.team': 'team view',
  'app.jury': 'jury console',
} as const;

export type WebMessageKey = keyof typeof EN;

const FR: Record<WebMessageKey, string> = {
  'landing.title': 'Podium',
  'landing.tagline': 'Les phases live des data challenges en IA : notation instantanée, classements en direct, jury et cérémonie.',
  'landing.events': 'Événements',
  'landing.noEvent': 'Aucun événement pour l\'instant. Importez un dossier d\'événement avec `podium import <dossier>` ou POST /api/admin/events (jeton admin).',
  'landing.bigScreen': 'Grand écran',
  'landing.bigScreenAll': 'Toutes les scènes en rotation',
  'landing.teamView': 'Vue équipe',
  'landing.juryConsole': 'Console du jury',
  'landing.coming': 'bientôt',
  'landing.apiDocs': 'Documentation de l\'API',
  'landing.health': 'État du serveur',
  'landing.tasks': 'Épreuves',
  'landing.otherLanguage': 'English version',
  'landing.window': 'de {opens} à {closes}',
  'landing.freezeAt': 'classement gelé à {time}',
  'landing.timezone': 'Heures de {tz}',
  'scene.leaderboard': 'Classement',
  'scene.overview': 'Vue d\'ensemble',
  'scene.race': 'Course',
  'scene.ticker': 'Fil des soumissions',
  'scene.countdown': 'Compte à rebours',
  'state.upcoming': 'à venir',
  'state.open': 'ouverte',
  'state.frozen': 'ouverte, classement gelé',
  'state.closed': 'fermée',
  'event.running': 'en cours',
  'event.upcoming': 'à venir',
  'event.finished': 'terminé',
  'page.back': 'Retour à l\'accueil',
  'unbuilt.title': 'Pas encore construit : {app}',
  'unbuilt.body': 'Podium n\'a trouvé aucun fichier construit dans {dir}.',
  'unbuilt.fix': 'Lancez `npm run build` à la racine du dépôt (ou `npm start`, qui construit tout), puis rechargez cette page.',
  'unbuilt.override': 'Ou faites pointer {env} vers un dossier contenant les fichiers construits (index.html + assets/).',
  'app.screen': 'grand écran',
  'app.team': 'vue équipe',
  'app.jury': 'console du jury',
};

const DICTIONARIES: Record<Language, Record<WebMessageKey, string>> = { en: EN, fr: FR };

export type WebTranslate = (key: WebMessageKey, params?: Record<string, string>) => string;

export function webTranslator(lang: Language): WebTranslate {
  const dictionary = DICTIONARIES[lang];
  return (key, params = {}) => dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
