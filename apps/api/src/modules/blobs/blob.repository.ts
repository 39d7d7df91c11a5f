import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { BlobEntity } from './blob.entity.js';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

@Injectable()
export class BlobRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the bytes once (content-addressed) and returns their sha256. */
  async put(bytes: Uint8Array, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const sha256 = sha256Hex(bytes);
    await manager
      .createQueryBuilder()
      .insert()
      .into(BlobEntity)
      .values({ sha256, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), size: bytes.byteLength })
      .orIgnore()
      .execute();
    return sha256;
  }

  async get(sha256: string, manager: EntityManager = this.dataSource.manager): Promise<Uint8Array | undefined> {
    const blob = await manager.findOneBy(BlobEntity, { sha256 });
    return blob ? new Uint8Array(blob.bytes) : undefined;
  }
}
