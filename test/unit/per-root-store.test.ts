// Feature stores are made per RootStore on first use (stores/per-root.ts): the RootStore, which the mini-programs'
// main package carries, holds none of them, and each accessor hands every caller of one RootStore the same store.
import type { Transport, TransportRequest } from '@/api/client'
import { appointmentsOf } from '@/stores/appointments'
import { applicationDraftOf } from '@/stores/application-draft'
import { citycodeOf } from '@/stores/citycode'
import { myApplicationsOf } from '@/stores/my-applications'
import { myRequestsOf } from '@/stores/my-requests'
import { perRoot } from '@/stores/per-root'
import { requestDraftOf } from '@/stores/request-draft'
import { RootStore } from '@/stores/root'
import { memoryStorage } from '@/stores/session'
import { similarOf } from '@/stores/similar-requests'
import { workbenchOf } from '@/stores/workbench'

const sent: TransportRequest[] = []
const transport: Transport = async (req) => {
  sent.push(req)
  return { statusCode: 503, data: { code: 'UNAVAILABLE', message: '服务暂不可用' } }
}
const newRoot = () => new RootStore({ baseUrl: 'http://127.0.0.1:9/api', transport, storage: memoryStorage() })

test('a store is made on first use, once per RootStore', () => {
  let made = 0
  const counterOf = perRoot((root) => ({ n: ++made, root }))
  const a = newRoot()
  const b = newRoot()
  expect(made).toBe(0)
  const first = counterOf(a)
  expect(counterOf(a)).toBe(first)
  expect(first.root).toBe(a)
  expect(counterOf(b)).not.toBe(first)
  expect(made).toBe(2)
})

test('the RootStore holds the tab pages\' stores only; the feature accessors give one store per root', () => {
  const root = newRoot()
  for (const feature of ['appointments', 'citycode', 'requestDraft', 'myRequests', 'similar', 'workbench', 'applicationDraft', 'myApplications']) {
    expect(root).not.toHaveProperty(feature)
  }
  for (const of of [appointmentsOf, citycodeOf, requestDraftOf, myRequestsOf, similarOf, workbenchOf, applicationDraftOf, myApplicationsOf]) {
    const store = of(root)
    expect(store).toBeDefined()
    expect(of(root)).toBe(store)
    expect(of(newRoot())).not.toBe(store)
  }
  // Making them asked the server nothing: a page's own load does.
  expect(sent).toEqual([])
})

test('feature stores read the session through root.getToken, which follows sign-in and sign-out', () => {
  const root = newRoot()
  expect(root.getToken()).toBeUndefined()
  root.session.setToken('tok-9')
  expect(root.getToken()).toBe('tok-9')
  root.session.clear()
  expect(root.getToken()).toBeUndefined()
})
