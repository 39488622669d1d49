// MeStore and StaffSessionStore with a real ApiClient against a real local HTTP server: sign-in, sign-out, 401, real name, erasure.
import type { Me } from '@contract/me'
import { RootStore } from '@/stores/root'
import { memoryStorage, type KeyValueStorage } from '@/stores/session'
import { useFakeApi } from '../support/fake-api'
import { httpTransport } from '../support/http-transport'

const fake = useFakeApi()

const ME: Me = { id: 'u1', level: 1, phone: '138****8000', providers: ['sms'] }
const ME_L2: Me = { ...ME, level: 2, realName: { name: '张*', idNumber: '440***********1231' } }
const session = (user: Me, token = 'tok-1') => ({ status: 200, body: { token, expiresAt: '2026-12-24T00:00:00.000Z', user } })

function newRoot(storage: KeyValueStorage = memoryStorage()) {
  const root = new RootStore({ baseUrl: fake.baseUrl, transport: httpTransport, storage })
  ;(root.api as unknown as { opts: { retryDelaysMs: number[] } }).opts.retryDelaysMs = [1, 1]
  return root
}

test('SMS sign-in: sends the code, verifies it, stores the token and the masked profile', async () => {
  fake.route = (h) => {
    if (h.url === '/api/auth/sms/send') return { status: 200, body: { cooldownSeconds: 60, expiresInSeconds: 300 } }
    if (h.url === '/api/auth/sms/verify') return session(ME)
    return { status: 404, body: { code: 'NOT_FOUND', message: '未找到' } }
  }
  const storage = memoryStorage()
  const root = newRoot(storage)
  expect(root.me.signedIn).toBe(false)
  await expect(root.me.sendSmsCode('13800138000')).resolves.toEqual({ cooldownSeconds: 60, expiresInSeconds: 300 })
  await root.me.signInSms('13800138000', '123456')
  expect(root.session.token).toBe('tok-1')
  expect(root.me.me).toEqual(ME)
  expect(root.me.realNamed).toBe(false)
  // The token survives a restart.
  expect(newRoot(storage).session.token).toBe('tok-1')
})

/** The requests these stores made: a signed-in RootStore also syncs 收藏/最近浏览 (CatalogStore), which is not theirs. */
const ownHits = () => fake.hits.filter((h) => h.url !== '/api/me/saved/merge')

test('WeChat and Alipay sign-in post their codes and store the session', async () => {
  fake.route = (h) => (h.url === '/api/auth/wechat' || h.url === '/api/auth/alipay' ? session(ME, `tok-${h.url.split('/').pop()}`) : { status: 404 })
  const root = newRoot()
  await root.me.signInWechat('wx-code')
  expect(root.session.token).toBe('tok-wechat')
  await root.me.signInAlipay('ali-code')
  expect(root.session.token).toBe('tok-alipay')
  expect(ownHits().map((h) => h.body)).toEqual([{ code: 'wx-code' }, { authCode: 'ali-code' }])
})

test('a refused sign-in keeps the resident signed out and carries the server\'s message', async () => {
  fake.route = () => ({ status: 400, body: { code: 'SMS_CODE_INVALID', message: '验证码不正确，还可以再试 4 次' } })
  const root = newRoot()
  await expect(root.me.signInSms('13800138000', '000000')).rejects.toMatchObject({ code: 'SMS_CODE_INVALID', message: '验证码不正确，还可以再试 4 次' })
  expect(root.me.signedIn).toBe(false)
})

test('logout tells the server and clears the session', async () => {
  fake.route = (h) => (h.url === '/api/auth/logout' ? { status: 204 } : session(ME))
  const storage = memoryStorage()
  const root = newRoot(storage)
  await root.me.signInSms('13800138000', '123456')
  await root.me.logout()
  expect(fake.hits.at(-1)).toMatchObject({ method: 'POST', url: '/api/auth/logout', auth: 'Bearer tok-1' })
  expect(root.me.signedIn).toBe(false)
  expect(root.me.me).toBeUndefined()
  expect(storage.get('onestop.session')).toBeUndefined()
})

test('logout clears the session even when the server cannot be reached or fails', async () => {
  fake.route = () => session(ME)
  const root = newRoot()
  await root.me.signInSms('13800138000', '123456')
  fake.route = () => 'hang-up'
  await root.me.logout()
  expect(root.me.signedIn).toBe(false)

  fake.route = () => session(ME)
  await root.me.signInSms('13800138000', '123456')
  fake.route = () => ({ status: 500, body: { code: 'INTERNAL', message: 'x' } })
  await root.me.logout()
  expect(root.me.signedIn).toBe(false)
})

test('a 401 from any resident call signs out and forgets the profile', async () => {
  fake.route = () => session(ME)
  const root = newRoot()
  await root.me.signInSms('13800138000', '123456')
  fake.route = () => ({ status: 401, body: { code: 'UNAUTHORIZED', message: '登录已失效，请重新登录' } })
  await root.me.load(true)
  expect(root.me.signedIn).toBe(false)
  expect(root.me.me).toBeUndefined()
})

test('load: fetches /me with the token; a network failure keeps the session and says why', async () => {
  fake.route = () => session(ME)
  const root = newRoot()
  await root.me.signInSms('13800138000', '123456')
  fake.route = (h) => (h.url === '/api/me' ? { status: 200, body: { ...ME, providers: ['sms', 'wechat'] } } : { status: 404 })
  await root.me.load(true)
  expect(root.me.me?.providers).toEqual(['sms', 'wechat'])
  expect(fake.hits.at(-1)?.auth).toBe('Bearer tok-1')
  fake.route = () => 'hang-up'
  await root.me.load(true)
  expect(root.me.status).toBe('failed')
  expect(root.me.error?.message).toBe('网络连接不可用，请检查网络后重试')
  expect(root.me.signedIn).toBe(true)
})

test('real name: a successful declaration raises the level; a refusal keeps level 1 with the server\'s message', async () => {
  fake.route = () => session(ME)
  const root = newRoot()
  await root.me.signInSms('13800138000', '123456')
  fake.route = () => ({ status: 409, body: { code: 'REALNAME_ID_TAKEN', message: '该身份证号码已被其他账号实名认证' } })
  await expect(root.me.submitRealName({ name: '张三', idNumber: '440106199003071231' })).rejects.toMatchObject({ code: 'REALNAME_ID_TAKEN' })
  expect(root.me.me?.level).toBe(1)
  fake.route = (h) => (h.method === 'PUT' && h.url === '/api/me/realname' ? { status: 200, body: ME_L2 } : { status: 404 })
  await root.me.submitRealName({ name: '张三', idNumber: '440106199003071231' })
  expect(fake.hits.at(-1)?.body).toEqual({ name: '张三', idNumber: '440106199003071231' })
  expect(root.me.me?.level).toBe(2)
  expect(root.me.realNamed).toBe(true)
  expect(root.me.me?.realName?.idNumber).toBe('440***********1231')
})

test('deleting the account clears everything; a failed deletion keeps the resident signed in', async () => {
  fake.route = () => session(ME)
  const storage = memoryStorage()
  const root = newRoot(storage)
  await root.me.signInSms('13800138000', '123456')
  fake.route = () => ({ status: 500, body: { code: 'INTERNAL', message: 'x' } })
  await expect(root.me.deleteAccount()).rejects.toMatchObject({ message: '服务暂时不可用，请稍后重试' })
  expect(root.me.signedIn).toBe(true)
  fake.route = (h) => (h.method === 'DELETE' && h.url === '/api/me' ? { status: 204 } : { status: 404 })
  await root.me.deleteAccount()
  expect(root.me.signedIn).toBe(false)
  expect(root.me.me).toBeUndefined()
  expect(storage.get('onestop.session')).toBeUndefined()
})

test('staff: own session beside the resident\'s; lock-out message as the server words it; 401 forgets only the staff session', async () => {
  fake.route = () => session(ME)
  const storage = memoryStorage()
  const root = newRoot(storage)
  await root.me.signInSms('13800138000', '123456')

  fake.route = () => ({ status: 423, body: { code: 'STAFF_LOCKED', message: '密码错误次数过多，账号已锁定，请 15 分钟后再试' } })
  await expect(root.staff.login('clerk', 'bad')).rejects.toMatchObject({ code: 'STAFF_LOCKED', message: '密码错误次数过多，账号已锁定，请 15 分钟后再试' })
  expect(root.staff.signedIn).toBe(false)

  const staff = { id: 's1', username: 'clerk', displayName: '李工', role: 'dept_staff', departmentCode: 'gz-police' }
  fake.route = (h) => (h.url === '/api/auth/staff' ? { status: 200, body: { token: 'staff-1', expiresAt: '2026-11-25T00:00:00.000Z', staff } } : { status: 200, body: staff })
  await root.staff.login('clerk', 'good')
  expect(ownHits().at(-1)?.auth).toBeUndefined()
  expect(root.staff.profile?.displayName).toBe('李工')
  expect(root.session.token).toBe('tok-1')

  const again = newRoot(storage)
  expect(again.staff.signedIn).toBe(true)
  await again.staff.load()
  expect(ownHits().at(-1)).toMatchObject({ url: '/api/staff/me', auth: 'Bearer staff-1' })

  fake.route = () => ({ status: 401, body: { code: 'UNAUTHORIZED', message: '请先登录' } })
  await again.staff.load(true)
  expect(again.staff.signedIn).toBe(false)
  expect(again.me.signedIn).toBe(true)
})

test('privacy: the popup\'s answer goes back to the platform once', () => {
  const root = newRoot()
  const answers: unknown[] = []
  root.privacy.ask((a) => answers.push(a), 'setClipboardData')
  expect(root.privacy.pending).toBe(true)
  root.privacy.agree('privacy-agree')
  root.privacy.disagree()
  expect(answers).toEqual([{ event: 'agree', buttonId: 'privacy-agree' }])
  expect(root.privacy.pending).toBe(false)
})
