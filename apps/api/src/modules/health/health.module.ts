import { Module } from '@nestjs/common';
import { AdminHealthController, HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({ controllers: [HealthController, AdminHealthController], providers: [HealthService] })
export class HealthModule {}
