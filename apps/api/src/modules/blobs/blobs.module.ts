import { Global, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { BlobRepository } from './blob.repository.js';

/** Start-up housekeeping of the embedded blob files, in the background (a few readdir calls). */
@Injectable()
class BlobFilesSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('Blobs');

  constructor(private readonly blobs: BlobRepository) {}

  onApplicationBootstrap(): void {
    if (!this.blobs.files) return;
    void this.blobs.sweepFiles().then(
      (removed) => removed > 0 && this.logger.log(`removed ${removed} blob file(s) no row names (left by an interrupted upload)`),
      (error: unknown) => this.logger.warn(`blob file sweep failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

@Global()
@Module({ providers: [BlobRepository, BlobFilesSweeper], exports: [BlobRepository] })
export class BlobsModule {}
