/** A team token, shown once: only in the answer of the call that created or rotated it. */
export interface TeamTokenBody {
  slug: string;
  token: string;
}

/** `201` answer of `POST /api/admin/events` (body: the event bundle zip). */
export interface ImportEventResponse {
  slug: string;
  /** False when an event with this slug existed and was updated. */
  created: boolean;
  /** Tokens of the teams this import created; existing teams keep theirs. */
  teams: TeamTokenBody[];
}

/** `POST /api/admin/teams/:event/:team/token`: the new token; the old one stops working. */
export interface RotateTeamTokenResponse {
  event: string;
  team: string;
  token: string;
}
