// Tests for server/config.ts: defaults, each variable's parsing, and clear Chinese errors naming the variable.
import { CONFIG_VARIABLES, ConfigError, DEFAULT_NOTICE_TEMPLATES, loadConfig } from '../../server/config'
import { DEFAULT_DEADLINE_RULES } from '@domain/workorder'

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/onestop')
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('loadConfig accepted ' + JSON.stringify(env))
}

describe('loadConfig', () => {
  it('has documented defaults', () => {
    const c = loadConfig({}, '/srv/onestop')
    expect(c).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: null,
      poolSize: 10,
      dataDir: '/srv/onestop/.data',
      pgliteDir: '/srv/onestop/.data/pglite',
      uploadsDir: '/srv/onestop/.data/uploads',
      keysDir: '/srv/onestop/.data/keys',
      nodeEnv: 'development',
      demo: false,
      trustProxy: false,
      bodyLimit: 1048576,
      logLevel: 'info',
      h5Dir: '/srv/onestop/dist/h5',
      dataKey: null,
      wechat: null,
      alipay: null,
      sms: null,
      noticeTemplates: DEFAULT_NOTICE_TEMPLATES,
      jobs: true,
      requestDeadlines: DEFAULT_DEADLINE_RULES,
      appointments: { noShowLimit: 3, noShowWindowDays: 90, blockDays: 30 },
      citycode: { signingKey: null, retiredKeys: [] },
      rateLimit: { perMinute: 600, authPerMinute: 30, smsPerIpPerHour: 30, smsCooldownSeconds: 60 },
      ratings: { rectifyDays: 5 },
    })
  })

  it('reads WeChat template ids over the demo ones and lets a node opt out of background jobs', () => {
    const c = loadConfig({ WECHAT_TEMPLATE_IDS: 'request_status = abc-123, appointment_reminder=def', JOBS: '0' }, '/srv/onestop')
    expect(c.noticeTemplates).toEqual({ ...DEFAULT_NOTICE_TEMPLATES, request_status: 'abc-123', appointment_reminder: 'def' })
    expect(c.jobs).toBe(false)
    expect(errorOf({ WECHAT_TEMPLATE_IDS: 'unknown=1' }).message).toContain('WECHAT_TEMPLATE_IDS')
    expect(errorOf({ JOBS: 'sometimes' }).variable).toBe('JOBS')
  })

  it('reads every variable', () => {
    const c = loadConfig(
      {
        PORT: '9000',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://u:p@db:5432/onestop',
        DATABASE_POOL_SIZE: '6',
        DATA_DIR: '/var/lib/onestop',
        NODE_ENV: 'development',
        DEMO: '1',
        TRUST_PROXY: 'true',
        BODY_LIMIT: '2048',
        LOG_LEVEL: 'warn',
        H5_DIR: 'build/h5',
      },
      '/srv/onestop',
    )
    expect(c).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u:p@db:5432/onestop',
      poolSize: 6,
      dataDir: '/var/lib/onestop',
      pgliteDir: '/var/lib/onestop/pglite',
      nodeEnv: 'development',
      demo: true,
      trustProxy: true,
      bodyLimit: 2048,
      logLevel: 'warn',
      h5Dir: '/srv/onestop/build/h5',
    })
  })

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ', DEMO: '' }, '/x')).toMatchObject({ port: 8080, databaseUrl: null, demo: false })
  })

  it.each([
    ['1', true],
    ['true', true],
    ['0', false],
    ['false', false],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, ::1 ,loopback', ['10.0.0.0/8', '::1', 'loopback']],
  ])('TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }, '/x').trustProxy).toEqual(expected)
  })

  it('names the variable and the bad value when PORT=abc', () => {
    const err = errorOf({ PORT: 'abc' })
    expect(err.variable).toBe('PORT')
    expect(err.message).toBe('环境变量 PORT 的值 "abc" 无效：应为 0–65535 之间的整数')
  })

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['BODY_LIMIT', '0'],
    ['BODY_LIMIT', '1mb'],
    ['NODE_ENV', 'prod'],
    ['LOG_LEVEL', 'verbose'],
    ['DEMO', 'yes'],
    ['TRUST_PROXY', 'my-proxy.local'],
    ['TRUST_PROXY', '10.0.0.0/40'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_SIZE', '0'],
    ['RECTIFY_DAYS', '0'],
    ['RECTIFY_DAYS', '61'],
  ])('rejects %s=%s with a Chinese message naming it', (name, value) => {
    const err = errorOf({ [name]: value })
    expect(err.variable).toBe(name)
    expect(err.message).toContain(`环境变量 ${name}`)
    expect(err.message).toContain('无效')
  })

  it('does not echo a DATABASE_URL that may hold a password', () => {
    expect(errorOf({ DATABASE_URL: 'secret-password@@' }).message).not.toContain('secret-password')
  })

  it('documents exactly the variables it reads', () => {
    const read = new Set<string>()
    const env = new Proxy({} as Record<string, string | undefined>, {
      get(_target, key) {
        if (typeof key === 'string') read.add(key)
        return undefined
      },
    })
    loadConfig(env, '/x')
    expect([...read].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort())
    for (const v of CONFIG_VARIABLES) expect(v.description).toMatch(/[\u4e00-\u9fff]/)
  })
})
