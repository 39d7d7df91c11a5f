import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.service.js';

/** One server clock per process (tests move it; every module must read the same instance). */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
