import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/app-config.token.js';
import { dataSourceOptions, initialiseAndMigrate } from './data-source.factory.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config.database),
      // Migrations run before any module touches the database.
      dataSourceFactory: async (options) => initialiseAndMigrate(new DataSource(options!)),
    }),
  ],
})
export class DatabaseModule {}
