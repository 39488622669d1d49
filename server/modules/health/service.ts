// The health probe's rule: the server is healthy when the database answers with its migration level.
import type { HealthResponse } from '@contract/health'
import type { Db } from '../../db'
import { migrationLevel } from '../../db/migrate'
import { AppError } from '../../errors'

export function createHealthService(db: Db, version: string) {
  return {
    async check(): Promise<HealthResponse> {
      let migration: number
      try {
        migration = await migrationLevel(db)
      } catch (err) {
        throw new AppError(503, 'DATABASE_UNAVAILABLE', '数据库暂时不可用，请稍后重试', { cause: err })
      }
      return { status: 'ok', version, database: { kind: db.kind, migration }, time: new Date().toISOString() }
    },
  }
}
