import { Global, Module } from '@nestjs/common';
import { BlobRepository } from './blob.repository.js';

@Global()
@Module({ providers: [BlobRepository], exports: [BlobRepository] })
export class BlobsModule {}
