// EntityDossierStore with the real ApiClient against a real local HTTP server: the 涉事单位 dossier under the staff
// token, 联系涉事单位 replacing the dossier with the server's answer, and a refusal shown in Chinese.
import type { EntityDossier } from '@contract/similar'
import { fake, newRoot } from './request-fake-api'
import { entityDossierOf } from '@/stores/entity-dossier'

const dossier = (over: Partial<EntityDossier> = {}): EntityDossier => ({
  id: 'AbCdEfGhIjKlMnOpQrStUv',
  kind: 'company',
  name: '鑫达贸易有限公司',
  variants: ['鑫达贸易有限公司', '鑫达贸易', '鑫达公司'],
  requests: [],
  districts: ['白云区', '天河区'],
  addresses: [],
  phones: [],
  departments: [],
  reachable: null,
  contacts: [],
  timeline: [],
  ...over,
})

test('entity dossier: loads with the staff token, records a contact, shows a refusal', async () => {
  const profile = { id: 's1', username: 'hotline', displayName: '派单员', role: 'dispatcher' }
  const contact: EntityDossier['contacts'][number] = { id: '1', staffName: '派单员', method: 'phone', result: 'unreachable', resultLabel: '联系不上', note: '空号', createdAt: '2026-11-21T02:00:00.000Z' }
  let refuse = false
  fake.route = (h) => {
    if (h.url === '/api/auth/staff') return { status: 200, body: { token: 'staff-1', expiresAt: '2026-11-25T00:00:00.000Z', staff: profile } }
    if (h.url === '/api/staff/entities/AbCdEfGhIjKlMnOpQrStUv/contacts') {
      if (refuse) return { status: 400, body: { code: 'VALIDATION_FAILED', message: '请选择联系结果' } }
      return { status: 201, body: dossier({ reachable: false, contacts: [contact] }) }
    }
    if (h.url === '/api/staff/entities/AbCdEfGhIjKlMnOpQrStUv') return { status: 200, body: dossier() }
    return { status: 404, body: { code: 'NOT_FOUND', message: '找不到该涉事单位' } }
  }
  const root = newRoot()
  await root.staff.login('hotline', 'pw')
  await entityDossierOf(root).load('AbCdEfGhIjKlMnOpQrStUv')
  expect(fake.hits.at(-1)).toMatchObject({ url: '/api/staff/entities/AbCdEfGhIjKlMnOpQrStUv', auth: 'Bearer staff-1' })
  expect(entityDossierOf(root).dossiers.get('AbCdEfGhIjKlMnOpQrStUv')?.variants).toHaveLength(3)
  expect(entityDossierOf(root).status.get('AbCdEfGhIjKlMnOpQrStUv')).toBe('ready')

  await expect(entityDossierOf(root).addContact('AbCdEfGhIjKlMnOpQrStUv', 'phone', 'unreachable', ' 空号 ')).resolves.toBe(true)
  expect(fake.hits.at(-1)!.body).toEqual({ method: 'phone', result: 'unreachable', note: '空号' })
  expect(entityDossierOf(root).dossiers.get('AbCdEfGhIjKlMnOpQrStUv')).toMatchObject({ reachable: false, contacts: [contact] })

  refuse = true
  await expect(entityDossierOf(root).addContact('AbCdEfGhIjKlMnOpQrStUv', 'phone', 'reached', '')).resolves.toBe(false)
  expect(entityDossierOf(root).saveError).toBe('请选择联系结果')

  await entityDossierOf(root).load('missing-entity-id-00000')
  expect(entityDossierOf(root).status.get('missing-entity-id-00000')).toBe('failed')
  expect(entityDossierOf(root).errors.get('missing-entity-id-00000')?.status).toBe(404)
})
