// GET /api/me/todo: the resident's 待办 across modules — the next booked visit, a hall visit to rate, a 12345 reply to
// rate — each with kind, title, when and the page to open; only the caller's own; gone once done.
import { randomBytes, randomUUID } from 'node:crypto'
import type { TodoList } from '@contract/home'
import { databases } from './helpers'
import { ratingsSuite, START } from './ratings-support'

describe.each(databases())('home 待办 on $name', ({ open }) => {
  const { world, ids, get, post, ok, visit, closedRequest, rateBody } = ratingsSuite(open)
  const todo = (who: string) => ok<TodoList>(get(who, '/api/me/todo'))

  it('needs a session and is empty for a new resident', async () => {
    const res = await get(null, '/api/me/todo')
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 'UNAUTHORIZED', message: expect.any(String) })
    expect((await todo('bob')).items).toEqual([])
  })

  it('lists the next appointment, the visit to rate and the reply to rate, then drops what was done', async () => {
    world.now = START
    const sooner = await visit('alice', new Date(START.getTime() + 86_400_000 + 30 * 60_000), 'booked')
    const visited = await visit('alice', new Date(START.getTime() - 86_400_000))
    const requestId = await closedRequest('alice')

    const { items } = await todo('alice')
    expect(items.map((i) => i.kind)).toEqual(['appointment', 'rate-visit', 'rate-request'])
    expect(items[0]).toEqual({ kind: 'appointment', title: expect.stringContaining('预约'), detail: expect.any(String), when: new Date(START.getTime() + 86_400_000).toISOString(), page: 'appointment', id: sooner })
    expect(items[1]).toMatchObject({ kind: 'rate-visit', title: expect.stringContaining('请评价'), page: 'rateVisit', id: visited })
    expect(items[2]).toMatchObject({ kind: 'rate-request', page: 'request', id: requestId, detail: expect.stringContaining('诉求编号') })
    // Nobody else sees them.
    expect((await todo('bob')).items).toEqual([])

    await ok(post('alice', `/api/appointments/${visited}/rate`, rateBody(5)), 201)
    await ok(post('alice', `/api/requests/${requestId}/rate`, { level: 5, resolved: true }))
    expect((await todo('alice')).items.map((i) => i.kind)).toEqual(['appointment'])
  })

  it('lists a printed city code that expires within 14 days, not one that lasts longer, and drops it once revoked', async () => {
    world.now = START
    // Printed codes are issued after 实名认证 (level 2).
    await world.db.query("UPDATE users SET level = 2, id_number_hmac = 'home-test-bob' WHERE id = $1", [ids.bob])
    const soon = await ok<{ id: string; expiresAt: string }>(post('bob', '/api/citycode/printed', { scene: 'library', days: 10 }))
    await ok(post('bob', '/api/citycode/printed', { scene: 'transit', days: 60 }))
    const { items } = await todo('bob')
    expect(items).toEqual([
      { kind: 'printed-code', title: '打印码即将到期：图书馆', detail: '本人的打印码', when: soon.expiresAt, page: 'printedCodes', id: soon.id },
    ])
    // Nobody else sees it.
    expect((await todo('alice')).items.map((i) => i.kind)).not.toContain('printed-code')
    await ok(post('bob', `/api/citycode/printed/${soon.id}/revoke`, {}))
    expect((await todo('bob')).items).toEqual([])
  })

  it('lists an ended 办件 to rate (一事一评) until it is rated, not one still being handled', async () => {
    world.now = START
    const add = async (status: string, decidedAt: Date | null) => {
      const id = randomUUID()
      const number = `SQ20261103${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, '0')}`
      const submitted = new Date(START.getTime() - 3 * 86_400_000)
      await world.db.query(
        `INSERT INTO applications (id, number, user_id, service_code, department_code, status, form_version, fields, materials, promised_days,
                                   submitted_at, accepted_at, deadline, decided_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, '1', '{}', '[]', 5, $7, $7, $8, $9, $7)`,
        [id, number, ids.bob, world.serviceCode, world.department, status, submitted, new Date(submitted.getTime() + 7 * 86_400_000), decidedAt],
      )
      return { id, number }
    }
    const decided = new Date(START.getTime() - 86_400_000)
    const ended = await add('approved', decided)
    await add('accepted', null)
    const { items } = await todo('bob')
    expect(items).toEqual([
      {
        kind: 'rate-application',
        title: expect.stringMatching(/^请评价办件：/),
        detail: `办件编号 ${ended.number}`,
        when: new Date(decided.getTime() + 7 * 86_400_000).toISOString(),
        page: 'rateApplication',
        id: ended.id,
      },
    ])
    const body = { level: 5, indicators: { overall: 5, speed: 5, guide: 5, convenience: 5 } }
    await ok(post('bob', `/api/applications/${ended.id}/rate`, body), 201)
    expect((await todo('bob')).items).toEqual([])
  })
})
