// API contract for the liveness/readiness probe GET /api/health.
import { Type, type Static } from '@sinclair/typebox'

export const DatabaseKind = Type.Union([Type.Literal('pglite'), Type.Literal('postgres')])
export type DatabaseKind = Static<typeof DatabaseKind>

export const HealthResponse = Type.Object(
  {
    status: Type.Literal('ok'),
    /** The server's version, from package.json. */
    version: Type.String(),
    database: Type.Object(
      {
        kind: DatabaseKind,
        /** Highest applied migration number (NNN of server/db/migrations/NNN_name.sql). */
        migration: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    /** Server time, ISO 8601 in UTC. */
    time: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type HealthResponse = Static<typeof HealthResponse>

/** 503: the database did not answer the health check. */
export const HealthErrorCode = {
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
} as const
export type HealthErrorCode = (typeof HealthErrorCode)[keyof typeof HealthErrorCode]
