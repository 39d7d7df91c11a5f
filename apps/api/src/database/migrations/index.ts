// Committed migrations, oldest first. Add new ones at the end (scripts/generate-migration.ts);
// never edit one that has shipped.
import { InitialSchema1795769448633 } from './1795769448633-initial-schema.js';
import { FeedEventDedupeKey1795770688934 } from './1795770688934-feed-event-dedupe-key.js';
import { DetectionNodules1795780804411 } from './1795780804411-detection-nodules.js';
import { JuryConsole1796524086450 } from './1796524086450-jury-console.js';
import { TaskVerification1796529221973 } from './1796529221973-task-verification.js';
import { EventPrizes1796529477909 } from './1796529477909-event-prizes.js';
import { TaskFinalization1796529581429 } from './1796529581429-task-finalization.js';
import { TaskRevealed1796540000000 } from './1796540000000-task-revealed.js';
import { Ceremony1796560000000 } from './1796560000000-ceremony.js';
import { EventSigningKey1796570000000 } from './1796570000000-event-signing-key.js';
import { CaseValues1796622437443 } from './1796622437443-case-values.js';

export const MIGRATIONS = [InitialSchema1795769448633, FeedEventDedupeKey1795770688934, DetectionNodules1795780804411, JuryConsole1796524086450, TaskVerification1796529221973, EventPrizes1796529477909, TaskFinalization1796529581429, TaskRevealed1796540000000, Ceremony1796560000000, EventSigningKey1796570000000, CaseValues1796622437443];
