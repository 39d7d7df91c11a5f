// Each event's Ed25519 results signing key: made on first need (the event view or the results),
// its creation audited with the public key (so the audit chain vouches for it), the private half
// read only here to sign. With PODIUM_RESULTS_KEY_SECRET the private key is stored as encrypted
// PKCS#8 (a stolen database dump alone cannot forge results); without it, plain PKCS#8.
import { Inject, Injectable } from '@nestjs/common';
import { RESULTS_SIGNATURE_ALGORITHM } from '@podium/contracts';
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { FeedService } from '../feed/feed.service.js';
import { EventSigningKeyEntity } from './event-signing-key.entity.js';

export interface EventRef {
  id: number;
  slug: string;
}

export interface ResultsSigner {
  /** Raw public key, 64 lowercase hex digits. */
  publicKey: string;
  /** Ed25519 signature of the bytes, 128 lowercase hex digits. */
  sign(bytes: Uint8Array): string;
}

/** The raw 32-byte public key of an Ed25519 KeyObject, as hex. */
export function rawPublicKeyHex(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('hex');
}

@Injectable()
export class EventSigningKeys {
  /** Public keys never change once made: kept per event id. */
  private readonly publicKeys = new Map<number, string>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditRepository,
    private readonly feed: FeedService,
  ) {}

  async publicKey(event: EventRef): Promise<string> {
    const known = this.publicKeys.get(event.id);
    if (known) return known;
    return (await this.ensure(event)).publicKey;
  }

  async signer(event: EventRef): Promise<ResultsSigner> {
    const row = await this.ensure(event);
    let key: KeyObject;
    try {
      key = createPrivateKey(row.encrypted ? { key: row.privateKey, format: 'pem', passphrase: this.config.resultsKeySecret ?? '' } : row.privateKey);
    } catch {
      throw new DomainError(
        'results-key-locked',
        503,
        'Results signing key locked',
        `The results signing key of event "${event.slug}" is stored encrypted and ${this.config.resultsKeySecret ? 'PODIUM_RESULTS_KEY_SECRET does not open it' : 'PODIUM_RESULTS_KEY_SECRET is not set'}: start the server with the secret it was made with.`,
      );
    }
    return { publicKey: row.publicKey, sign: (bytes) => sign(null, bytes, key).toString('hex') };
  }

  /** The event's key row, made (and audited) when it has none; two nodes racing make one. */
  private async ensure(event: EventRef): Promise<EventSigningKeyEntity> {
    const repository = this.dataSource.getRepository(EventSigningKeyEntity);
    let row = await repository.findOneBy({ eventId: event.id });
    if (!row) {
      const pair = generateKeyPairSync('ed25519');
      const publicKey = rawPublicKeyHex(pair.publicKey);
      const secret = this.config.resultsKeySecret;
      const privateKey = pair.privateKey.export(secret ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: secret } : { type: 'pkcs8', format: 'pem' }) as string;
      const at = new Date();
      const feed = await this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO event_signing_key (event_id, algorithm, public_key, private_key, encrypted, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [event.id, RESULTS_SIGNATURE_ALGORITHM, publicKey, privateKey, secret !== undefined, at],
        );
        if (inserted.length === 0) return null;
        const { feed } = await this.audit.append(
          {
            event: event.slug,
            actor: 'system',
            action: 'event.results_key.create',
            target: `event:${event.slug}`,
            details: { algorithm: RESULTS_SIGNATURE_ALGORITHM, publicKey, encrypted: secret !== undefined },
            at,
          },
          manager,
        );
        return feed;
      });
      if (feed) this.feed.publish([feed]);
      row = await repository.findOneByOrFail({ eventId: event.id });
    }
    this.publicKeys.set(event.id, row.publicKey);
    return row;
  }
}
