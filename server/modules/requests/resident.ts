// The resident's side of 12345: filing from the app, 我的诉求, the detail with its timeline (following a merged request
// to the request it went into), and the resident's own steps — 补充, 催办, 评价, 申请重办.
import type { FiledRequest, FileRequestBody, RequestDetail, RequestList } from '@contract/request'
import { maskPhone } from '@domain/mask'
import { rateUntil, residentCan, STATUS_LABEL } from '@domain/workorder'
import type { Queryable } from '../../db'
import { residentsOwn, type RequestsContext } from './context'
import { factsOf, location, openContact, photosOf, rating, summaryOf, timelineItem, viewContext } from './dto'
import { fileRequest } from './filing'
import { requestsRepo as repo, type RequestRow } from './repo'
import { transition } from './transition'

export type ResidentAction = 'supplement' | 'urge' | 'rate' | 'reopen'

export function createResidentRequests(ctx: RequestsContext) {
  const { db, crypto, clock } = ctx

  async function residentDetail(q: Queryable, row: RequestRow): Promise<RequestDetail> {
    const now = clock()
    // A merged request follows the request it was merged into — and, when that one was merged on, the next, up to
    // the root: each one's visible steps from the merge into it until it was merged on itself.
    const chain = row.merged_into ? await repo.mergeChain(q, row) : []
    const target = chain.at(-1) ?? null
    const ids = [row.id, ...chain.map((c) => c.id)]
    const v = await viewContext(q, crypto, ids, now)
    const updates = await repo.updates(q, ids, true)
    const mergedAt = (r: RequestRow) => updates.filter((u) => u.request_id === r.id && u.action === 'merge').at(-1)?.created_at ?? r.updated_at
    const own = updates.filter((u) => u.request_id === row.id)
    const timeline = own.map((u) => timelineItem(u, v, 'resident'))
    let since = row.merged_into ? mergedAt(row) : null
    for (const hop of chain) {
      const until = hop.merged_into ? mergedAt(hop) : null
      for (const u of updates) {
        if (u.request_id !== hop.id || !since || u.created_at.getTime() <= since.getTime()) continue
        if (until && u.created_at.getTime() > until.getTime()) continue
        timeline.push(timelineItem(u, v, 'resident', hop.number))
      }
      since = until
    }
    const { phone } = openContact(crypto, row)
    return {
      ...summaryOf(row, now),
      content: row.content,
      location: location(row),
      photos: photosOf(v, row.id, null),
      anonymous: row.anonymous,
      public: row.public,
      contactPhone: phone ? maskPhone(phone) : null,
      departmentName: row.department_code ? (v.names.get(row.department_code) ?? null) : null,
      closedAt: row.closed_at?.toISOString() ?? null,
      rateUntil: row.closed_at && row.status === 'closed' ? rateUntil(row.closed_at).toISOString() : null,
      rating: rating(row),
      reopened: row.reopened,
      mergedInto: target
        ? { number: target.number, status: target.status, statusLabel: STATUS_LABEL[target.status], deadline: target.deadline.toISOString() }
        : null,
      timeline,
      can: residentCan(factsOf(row), now),
    }
  }

  async function mine(userId: string, id: string): Promise<RequestDetail> {
    return residentDetail(db, await residentsOwn(db, userId, id))
  }

  return {
    file: (input: FileRequestBody, userId: string, idempotencyKey: string): Promise<{ request: FiledRequest; replayed: boolean }> =>
      fileRequest(ctx, input, { kind: 'resident', userId }, idempotencyKey),

    async listMine(userId: string, page: number, pageSize: number): Promise<RequestList> {
      const now = clock()
      const { rows, total } = await repo.pageOfUser(db, userId, page, pageSize)
      return { items: rows.map((row) => summaryOf(row, now)), total, page, pageSize }
    },

    mine,

    async residentAction(
      userId: string,
      id: string,
      action: ResidentAction,
      body: { note?: string; photos?: string[]; level?: number; comment?: string; resolved?: boolean },
    ): Promise<RequestDetail> {
      await db.transaction(async (tx) => {
        const row = await residentsOwn(tx, userId, id, true)
        await transition(ctx, tx, row, action, { kind: 'resident', userId }, body)
      })
      return mine(userId, id)
    },
  }
}
