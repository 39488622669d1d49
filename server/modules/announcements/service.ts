// 通知公告 rules: who sees what (audience and period), and the admin's publish / edit / withdraw (one statement each,
// or one transaction where a read decides the write).
import { randomUUID } from 'node:crypto'
import type { AdminAnnouncement, Announcement, AnnouncementBody } from '@contract/announcements'
import type { Db } from '../../db'
import { AppError } from '../../errors'
import type { AnnouncementRow, AnnouncementsRepo, AnnouncementWrite } from './repo'

/** Who is reading: signed-out visitors and residents see 'all' and 'residents'; staff see 'all' and 'staff'. */
export type Viewer = 'resident' | 'staff'

const AUDIENCES: Record<Viewer, string[]> = { resident: ['all', 'residents'], staff: ['all', 'staff'] }

const NOT_FOUND = () => new AppError(404, 'ANNOUNCEMENT_NOT_FOUND', '没有找到这条公告，可能已撤回或过期')

function toPublic(row: AnnouncementRow): Announcement {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    startsAt: row.starts_at.toISOString(),
    ...(row.ends_at ? { endsAt: row.ends_at.toISOString() } : {}),
    audience: row.audience,
    publishedAt: row.published_at.toISOString(),
  }
}

function stateOf(row: AnnouncementRow, now: Date): AdminAnnouncement['state'] {
  if (row.withdrawn_at) return 'withdrawn'
  if (row.starts_at.getTime() > now.getTime()) return 'scheduled'
  if (row.ends_at && row.ends_at.getTime() <= now.getTime()) return 'ended'
  return 'active'
}

function toAdmin(row: AnnouncementRow, now: Date): AdminAnnouncement {
  return {
    ...toPublic(row),
    state: stateOf(row, now),
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by_name,
    ...(row.withdrawn_at ? { withdrawnAt: row.withdrawn_at.toISOString() } : {}),
  }
}

/** The body as a write, or 400 when a time is not a real instant or the period ends before it starts. */
function writeOf(body: AnnouncementBody): AnnouncementWrite {
  const startsAt = new Date(body.startsAt)
  const endsAt = body.endsAt === undefined ? null : new Date(body.endsAt)
  const year = (d: Date) => d.getUTCFullYear()
  const bad = (d: Date | null) => d !== null && (Number.isNaN(d.getTime()) || year(d) < 2000 || year(d) > 9999)
  if (bad(startsAt) || bad(endsAt)) throw new AppError(400, 'ANNOUNCEMENT_BAD_PERIOD', '公告的起止时间无效')
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw new AppError(400, 'ANNOUNCEMENT_BAD_PERIOD', '公告的结束时间须晚于开始时间')
  return { title: body.title.trim(), body: body.body.trim(), audience: body.audience, startsAt, endsAt }
}

export function createAnnouncementsService(deps: { db: Db; repo: AnnouncementsRepo; clock: () => Date }) {
  const { db, repo, clock } = deps

  async function adminOne(id: string): Promise<AdminAnnouncement> {
    const row = await repo.byId(id)
    if (!row) throw NOT_FOUND()
    return toAdmin(row, clock())
  }

  return {
    async list(viewer: Viewer, limit: number): Promise<Announcement[]> {
      return (await repo.live(AUDIENCES[viewer], clock(), limit)).map(toPublic)
    },

    /** One notice in force for `viewer`; anything else answers 404 alike. */
    async one(viewer: Viewer, id: string): Promise<Announcement> {
      const row = await repo.byId(id)
      if (!row || !AUDIENCES[viewer].includes(row.audience) || stateOf(row, clock()) !== 'active') throw NOT_FOUND()
      return toPublic(row)
    },

    async adminList(limit: number): Promise<AdminAnnouncement[]> {
      const now = clock()
      return (await repo.all(limit)).map((row) => toAdmin(row, now))
    },

    async create(staffId: string, body: AnnouncementBody): Promise<AdminAnnouncement> {
      const write = writeOf(body)
      const id = randomUUID()
      await repo.insert(id, write, staffId, clock())
      return adminOne(id)
    },

    async edit(staffId: string, id: string, body: AnnouncementBody): Promise<AdminAnnouncement> {
      const write = writeOf(body)
      await db.transaction(async (tx) => {
        const row = await repo.byId(id, tx)
        if (!row) throw NOT_FOUND()
        if (row.withdrawn_at) throw new AppError(409, 'ANNOUNCEMENT_WITHDRAWN', '这条公告已撤回，不能再修改')
        await repo.update(id, write, staffId, clock(), tx)
      })
      return adminOne(id)
    },

    async withdraw(staffId: string, id: string): Promise<AdminAnnouncement> {
      await db.transaction(async (tx) => {
        const row = await repo.byId(id, tx)
        if (!row) throw NOT_FOUND()
        if (row.withdrawn_at) throw new AppError(409, 'ANNOUNCEMENT_WITHDRAWN', '这条公告已撤回')
        await repo.withdraw(id, staffId, clock(), tx)
      })
      return adminOne(id)
    },
  }
}
