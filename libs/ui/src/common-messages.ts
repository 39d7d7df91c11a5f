// Strings every screen shows (the big screen, the team view, the jury console), in French and English.
import type { Dictionary, Messages } from './i18n.js';

const fr = {
  'col.rank': 'Rang',
  'col.team': 'Équipe',
  'col.points': 'Points',
  'col.submissions': 'Soum.',
  'movement.up': 'monte de {n}',
  'movement.down': 'descend de {n}',
  'movement.new': 'NOUV.',
  'movement.same': 'stable',
  'frozen.banner': 'Classement gelé à {time} – résultats finaux à la remise des prix',
  'frozen.short': 'Gelé',
  'countdown.opensIn': 'Ouverture dans',
  'countdown.closesIn': 'Fin dans',
  'countdown.urgent': 'Dernières minutes\u202f!', // narrow no-break space: the "!" never wraps alone
  'countdown.closed': 'Soumissions closes',
  'countdown.final': 'Résultats publiés',
  'health.live': 'En direct',
  'health.connecting': 'Connexion…',
  'health.reconnecting': 'Reconnexion…',
  'health.notLiveSince': 'Hors direct depuis {time}',
  'health.lastUpdate': 'mise à jour il y a {n} s',
  'health.staleBanner': 'Hors direct depuis {time} – dernier état connu, pas en temps réel',
  'error.eventNotFound': 'Événement « {event} » introuvable.',
  'error.loading': 'Chargement…',
  'board.empty': 'Pas encore de score : le classement apparaîtra à la première soumission.',
  'task.unknown': 'Épreuve « {task} » introuvable.',
} as const;

export type CommonMessageKey = keyof typeof fr;

const en: Dictionary<CommonMessageKey> = {
  'col.rank': 'Rank',
  'col.team': 'Team',
  'col.points': 'Points',
  'col.submissions': 'Subs',
  'movement.up': 'up {n}',
  'movement.down': 'down {n}',
  'movement.new': 'NEW',
  'movement.same': 'steady',
  'frozen.banner': 'Board frozen at {time} – final results at the prize ceremony',
  'frozen.short': 'Frozen',
  'countdown.opensIn': 'Opens in',
  'countdown.closesIn': 'Closes in',
  'countdown.urgent': 'Final minutes!',
  'countdown.closed': 'Submissions closed',
  'countdown.final': 'Results published',
  'health.live': 'Live',
  'health.connecting': 'Connecting…',
  'health.reconnecting': 'Reconnecting…',
  'health.notLiveSince': 'Not live since {time}',
  'health.lastUpdate': 'last update {n} s ago',
  'health.staleBanner': 'Not live since {time} – last known state, not real time',
  'error.eventNotFound': 'Event “{event}” not found.',
  'error.loading': 'Loading…',
  'board.empty': 'No scores yet: the board appears with the first submission.',
  'task.unknown': 'Task “{task}” not found.',
};

export const commonMessages: Messages<CommonMessageKey> = { fr, en };
