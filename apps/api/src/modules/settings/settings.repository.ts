import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppSettingEntity } from './app-setting.entity.js';

@Injectable()
export class SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.dataSource.getRepository(AppSettingEntity).findOneBy({ key });
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.dataSource.getRepository(AppSettingEntity).upsert({ key, value }, ['key']);
  }

  /** Stores the value only if the key is absent; true when this call stored it. */
  async setIfAbsent(key: string, value: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(AppSettingEntity)
      .values({ key, value })
      .orIgnore()
      .returning(['key'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }
}
