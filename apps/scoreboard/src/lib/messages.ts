// Every string the screen shows, in French and English. `{name}` placeholders are filled by `t()`.
import type { Language } from '@podium/contracts';

const fr = {
  'col.rank': 'Rang',
  'col.team': 'Équipe',
  'col.points': 'Points',
  'col.submissions': 'Soum.',
  'movement.up': 'monte de {n}',
  'movement.down': 'descend de {n}',
  'movement.new': 'NOUV.',
  'movement.same': 'stable',
  'leader.new': 'Nouveau leader',
  'frozen.banner': 'Classement gelé à {time} – résultats finaux à la remise des prix',
  'frozen.short': 'Gelé',
  'countdown.opensIn': 'Ouverture dans',
  'countdown.closesIn': 'Fin dans',
  'countdown.urgent': 'Dernières minutes\u202f!', // narrow no-break space: the "!" never wraps alone
  'countdown.closed': 'Soumissions closes',
  'countdown.final': 'Résultats publiés',
  'countdown.title': 'Compte à rebours',
  'ticker.title': 'Dernières soumissions',
  'ticker.submitted': 'a soumis pour',
  'ticker.scoring': 'calcul du score…',
  'ticker.scored': 'score {score}',
  'ticker.rejected': 'fichier refusé',
  'ticker.failed': 'erreur de calcul',
  'ticker.hidden': 'score masqué (gel)',
  'ticker.empty': 'Aucune soumission pour l’instant',
  'health.live': 'En direct',
  'health.connecting': 'Connexion…',
  'health.reconnecting': 'Reconnexion…',
  'health.notLiveSince': 'Hors direct depuis {time}',
  'health.lastUpdate': 'mise à jour il y a {n} s',
  'health.staleBanner': 'Hors direct depuis {time} – dernier état connu, pas en temps réel',
  'qr.caption': 'Équipes : suivez vos scores',
  'race.title': 'Course au score',
  'race.rankAxis': 'Rang',
  'race.noHistory': 'Pas encore d’historique de scores',
  'overview.title': 'Toutes les épreuves',
  'overview.noScores': 'Pas encore de score',
  'page.of': 'Page {page}/{pages}',
  'setup.missingEvent': 'Ajoutez ?event=<identifiant> à l’adresse de cet écran.',
  'error.eventNotFound': 'Événement « {event} » introuvable.',
  'error.loading': 'Chargement…',
  'announcement.title': 'Annonce',
  'board.empty': 'Pas encore de score : le classement apparaîtra à la première soumission.',
  'task.unknown': 'Épreuve « {task} » introuvable.',
} as const;

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  'col.rank': 'Rank',
  'col.team': 'Team',
  'col.points': 'Points',
  'col.submissions': 'Subs',
  'movement.up': 'up {n}',
  'movement.down': 'down {n}',
  'movement.new': 'NEW',
  'movement.same': 'steady',
  'leader.new': 'New leader',
  'frozen.banner': 'Board frozen at {time} – final results at the prize ceremony',
  'frozen.short': 'Frozen',
  'countdown.opensIn': 'Opens in',
  'countdown.closesIn': 'Closes in',
  'countdown.urgent': 'Final minutes!',
  'countdown.closed': 'Submissions closed',
  'countdown.final': 'Results published',
  'countdown.title': 'Countdown',
  'ticker.title': 'Latest submissions',
  'ticker.submitted': 'submitted to',
  'ticker.scoring': 'scoring…',
  'ticker.scored': 'score {score}',
  'ticker.rejected': 'file rejected',
  'ticker.failed': 'scoring failed',
  'ticker.hidden': 'score hidden (frozen)',
  'ticker.empty': 'No submissions yet',
  'health.live': 'Live',
  'health.connecting': 'Connecting…',
  'health.reconnecting': 'Reconnecting…',
  'health.notLiveSince': 'Not live since {time}',
  'health.lastUpdate': 'last update {n} s ago',
  'health.staleBanner': 'Not live since {time} – last known state, not real time',
  'qr.caption': 'Teams: follow your scores',
  'race.title': 'Score race',
  'race.rankAxis': 'Rank',
  'race.noHistory': 'No score history yet',
  'overview.title': 'All tasks',
  'overview.noScores': 'No scores yet',
  'page.of': 'Page {page}/{pages}',
  'setup.missingEvent': 'Add ?event=<slug> to this screen’s address.',
  'error.eventNotFound': 'Event “{event}” not found.',
  'error.loading': 'Loading…',
  'announcement.title': 'Announcement',
  'board.empty': 'No scores yet: the board appears with the first submission.',
  'task.unknown': 'Task “{task}” not found.',
};

export const messages: Record<Language, Record<MessageKey, string>> = { fr, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  const dictionary = messages[lang];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}
