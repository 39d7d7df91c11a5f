// The big screen's own strings, in French and English, over the common ones in `@podium/ui`.
import type { Language } from '@podium/contracts';
import { commonMessages, createTranslator, mergeMessages, type Dictionary, type Translate as UiTranslate } from '@podium/ui';

const fr = {
  'leader.new': 'Nouveau leader',
  'countdown.title': 'Compte à rebours',
  'ticker.title': 'Dernières soumissions',
  'ticker.submitted': 'a soumis pour',
  'ticker.scoring': 'calcul du score…',
  'ticker.scored': 'score {score}',
  'ticker.rejected': 'fichier refusé',
  'ticker.failed': 'erreur de calcul',
  'ticker.hidden': 'score masqué (gel)',
  'ticker.empty': 'Aucune soumission pour l’instant',
  'qr.caption': 'Équipes : suivez vos scores',
  'race.title': 'Course au score',
  'race.rankAxis': 'Rang',
  'race.noHistory': 'Pas encore d’historique de scores',
  'overview.title': 'Toutes les épreuves',
  'overview.noScores': 'Pas encore de score',
  'page.of': 'Page {page}/{pages}',
  'setup.missingEvent': 'Ajoutez ?event=<identifiant> à l’adresse de cet écran.',
  'setup.events': 'Épreuves de ce serveur :',
  'phone.title': 'Cet écran est fait pour le vidéoprojecteur de la salle',
  'phone.body': 'Sur un téléphone, suivez les scores et vos soumissions dans la vue équipe.',
  'phone.teamView': 'Ouvrir la vue équipe',
  'phone.showAnyway': 'Afficher quand même le grand écran',
  'announcement.title': 'Annonce',
  'ceremony.title': 'Remise des prix',
  'ceremony.soon': 'La cérémonie va commencer',
  'ceremony.exAequo': 'Ex æquo',
  'ceremony.winner': 'Vainqueur',
  'ceremony.winners': 'Vainqueurs',
  'ceremony.rank': 'Classement final : {rank}',
  'ceremony.was': 'Classement public : {rank}',
  'ceremony.wasUnranked': 'Absent du classement public',
  'ceremony.category': 'Catégorie {category}',
  'ceremony.rehearsal': 'Répétition — écran jury',
  'ceremony.rehearsalNeedsJury': 'Un écran de répétition a besoin d’une session jury : connectez-vous sur /jury dans ce navigateur (épreuve {event}), puis rechargez.',
} as const;

type ScreenMessageKey = keyof typeof fr;

const en: Dictionary<ScreenMessageKey> = {
  'leader.new': 'New leader',
  'countdown.title': 'Countdown',
  'ticker.title': 'Latest submissions',
  'ticker.submitted': 'submitted to',
  'ticker.scoring': 'scoring…',
  'ticker.scored': 'score {score}',
  'ticker.rejected': 'file rejected',
  'ticker.failed': 'scoring failed',
  'ticker.hidden': 'score hidden (frozen)',
  'ticker.empty': 'No submissions yet',
  'qr.caption': 'Teams: follow your scores',
  'race.title': 'Score race',
  'race.rankAxis': 'Rank',
  'race.noHistory': 'No score history yet',
  'overview.title': 'All tasks',
  'overview.noScores': 'No scores yet',
  'page.of': 'Page {page}/{pages}',
  'setup.missingEvent': 'Add ?event=<slug> to this screen’s address.',
  'setup.events': 'Events on this server:',
  'phone.title': 'This screen is made for the venue projector',
  'phone.body': 'On a phone, follow the scores and your submissions in the team view.',
  'phone.teamView': 'Open the team view',
  'phone.showAnyway': 'Show the big screen anyway',
  'announcement.title': 'Announcement',
  'ceremony.title': 'Prize ceremony',
  'ceremony.soon': 'The ceremony is about to begin',
  'ceremony.exAequo': 'Ex aequo',
  'ceremony.winner': 'Winner',
  'ceremony.winners': 'Winners',
  'ceremony.rank': 'Final ranking: {rank}',
  'ceremony.was': 'Public leaderboard: {rank}',
  'ceremony.wasUnranked': 'Not on the public leaderboard',
  'ceremony.category': 'Category {category}',
  'ceremony.rehearsal': 'Rehearsal — jury screen',
  'ceremony.rehearsalNeedsJury': 'A rehearsal screen needs a jury session: sign in on /jury in this browser (event {event}), then reload.',
};

export const messages = mergeMessages(commonMessages, { fr, en });

export type MessageKey = keyof (typeof messages)['fr'];

export type Translate = UiTranslate<MessageKey>;

export function translator(lang: Language): Translate {
  return createTranslator(messages[lang]);
}
