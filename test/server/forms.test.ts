// Application forms: every online-capable catalog item has a form that loads, lists its guide's materials and validates
// a filled-in answer set (and names the field of a wrong one); offline items 404; 一件事 forms are the union of their
// parts with each question once; a bad form file stops loading with a message naming it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FormField, GroupItemField, ServiceForm } from '@contract/forms'
import type { ServiceGuide } from '@contract/service'
import { validateAnswers } from '@domain/forms'
import { idCheckDigit } from '@domain/idcard'
import { buildFormsIndex, FORMS_DATA_DIR, FormDataError } from '../../server/modules/forms'
import { buildApp } from '../../server/app'
import type { Db } from '../../server/db'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'

const TODAY = new Date('2026-12-06T04:00:00Z')
const ID17 = '44010619900307123'
const ID = ID17 + idCheckDigit(ID17)

/** A value matching each pattern the form data uses (a new pattern fails here until it has one). */
const PATTERN_SAMPLES: Record<string, string> = {
  '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}': '91440101MA5CXXXX1X'.replace(/X/g, '1'),
  '[A-Z][0-9]{9}': 'R440123456',
  '[0-9]{6,20}': '12345678',
  '[0-9]{12}': '440100123456',
  'C[0-9A-Z][0-9]{7}': 'CA1234567',
  '[0-9]{17}[0-9X][1-7][1-4]': `${ID}41`,
}

function sampleValue(f: FormField | GroupItemField): unknown {
  switch (f.kind) {
    case 'text':
    case 'textarea':
      if (f.pattern) {
        if (!(f.pattern in PATTERN_SAMPLES)) throw new Error(`no sample for pattern ${f.pattern} (${f.key})`)
        return PATTERN_SAMPLES[f.pattern]
      }
      return '广州市测试填写内容一二三'.slice(0, Math.max(f.minLength ?? 0, Math.min(f.maxLength ?? 12, 12)))
    case 'number':
      return f.min ?? 1
    case 'date':
      return '2025-06-01'
    case 'choice':
      return f.options?.[0].value
    case 'multi':
      return f.options?.slice(0, Math.max(1, f.min ?? 1)).map((o) => o.value)
    case 'phone':
      return '13800138000'
    case 'idcard':
      return ID
    case 'address':
      return { district: '天河区', street: '林和街道', detail: '天河路 1 号 101 房' }
    case 'bank':
      return { bank: f.options?.[0].value ?? '中国银行', account: '6222020200112233445' }
    case 'boolean':
      return true
    case 'group': {
      const group = f as FormField
      return Array.from({ length: Math.max(1, group.minItems ?? 1) }, () => sampleAnswers(group.fields ?? []))
    }
  }
}

/** Every field the resident types, filled with a valid value (hidden ones too: validateAnswers drops them). */
function sampleAnswers(fields: readonly (FormField | GroupItemField)[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => !f.prefill).map((f) => [f.key, sampleValue(f)]))
}

describe.each(databases())('application forms on $name', ({ open }) => {
  const served = {} as { db: Db; app: Served }
  let guides: ServiceGuide[]

  // Migrating and seeding can take over a minute on a busy 2-core machine (useServedApp allows 60 s).
  beforeAll(async () => {
    served.db = await prepareDatabase(await open())
    served.app = await inject(await buildApp({ config: testConfig(), db: served.db, logger: false }))
    const r = await served.db.query<{ code: string }>(`SELECT code FROM services WHERE status = 'active' ORDER BY code`)
    guides = []
    for (const { code } of r.rows) guides.push((await served.app.request({ url: `/api/services/${code}` })).json<ServiceGuide>())
  }, 240_000)
  afterAll(async () => {
    await served.app?.close()
    await served.db?.close()
  })

  it('gives every online-capable item a form that lists its guide materials and validates its answers', async () => {
    const online = guides.filter((g) => g.onlineDepth !== 'offline')
    // 273 when issue 14 was written; 274 since 犬只登记 (全程网办) joined the catalog (issue 17).
    expect(online).toHaveLength(274)
    for (const guide of online) {
      const res = await served.app.request({ url: `/api/services/${guide.code}/form` })
      expect(res.statusCode).toBe(200)
      const form = res.json<ServiceForm>()
      expect(form.serviceCode).toBe(guide.code)
      expect(form.version).toMatch(/^[0-9a-f]{8}$/)
      // The applicant's own data comes from 实名; the last question confirms the guide's 受理条件.
      expect(form.fields.slice(0, 3).map((f) => f.prefill)).toEqual(['realname.name', 'realname.idNumber', 'realname.phone'])
      const last = form.fields[form.fields.length - 1]
      expect(last).toMatchObject({ key: 'conditionsConfirmed', kind: 'boolean', required: true })
      for (const c of guide.conditions) expect(last.hint).toContain(c)

      expect(form.materials.map((m) => m.name)).toEqual(guide.materials.map((m) => m.name))
      expect(new Set(form.materials.map((m) => m.id)).size).toBe(form.materials.length)
      guide.materials.forEach((m, i) => {
        const provide = form.materials[i].provide
        if (m.eLicence && !m.name.startsWith('代办人')) expect(provide).toContain('licence')
        if (guide.onlineDepth === 'mostly' && m.originals > 0 && m.form === 'paper' && !m.eLicence) expect(provide).toContain('counter')
        if (guide.onlineDepth === 'full') expect(provide).not.toContain('counter')
      })

      const answers = sampleAnswers(form.fields)
      const ok = validateAnswers(form, answers, { today: TODAY })
      if (!ok.ok) throw new Error(`${guide.code}: ${JSON.stringify(ok.errors)}`)
      expect(ok.value.conditionsConfirmed).toBe(true)

      // Leave out the first required question the resident types: the error names it.
      const asked = form.fields.find((f) => f.required && !f.prefill && !f.showIf && f.key !== 'conditionsConfirmed')
      expect(asked).toBeDefined()
      const { [asked!.key]: _left, ...missing } = answers
      const bad = validateAnswers(form, { ...missing, conditionsConfirmed: false }, { today: TODAY })
      expect(bad.ok).toBe(false)
      if (!bad.ok) {
        expect(bad.errors.map((e) => e.field)).toEqual(expect.arrayContaining([asked!.key, 'conditionsConfirmed']))
        for (const e of bad.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/)
      }
    }
  }, 120_000)

  it('answers 404 FORM_NOT_FOUND for offline items and unknown codes', async () => {
    const offline = guides.filter((g) => g.onlineDepth === 'offline')
    expect(offline).toHaveLength(44)
    for (const code of [...offline.map((g) => g.code), 'no-such-item']) {
      const res = await served.app.request({ url: `/api/services/${code}/form` })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ code: 'FORM_NOT_FOUND', message: expect.stringMatching(/现场/) })
    }
    expect((await served.app.request({ url: '/api/bundles/no-such-bundle/form' })).json()).toMatchObject({ code: 'FORM_NOT_FOUND' })
  })

  it('shows the 社保卡 form with its own questions, 邮寄 asking for an address', async () => {
    const form = (await served.app.request({ url: '/api/services/gz-hrss-ss-card-apply/form' })).json<ServiceForm>()
    const byKey = new Map(form.fields.map((f) => [f.key, f]))
    expect(byKey.get('applyReason')).toMatchObject({ kind: 'choice', required: true })
    expect(byKey.get('cardBank')?.options?.map((o) => o.value)).toContain('中国工商银行')
    expect(byKey.get('mailAddress')).toMatchObject({ kind: 'address', showIf: { field: 'cardDelivery', values: ['邮寄到家'] } })
    expect(form.materials.find((m) => m.name === '申请人居民身份证')).toMatchObject({ id: 'idcard', provide: ['licence', 'upload'], licenceTypes: ['居民身份证'] })
    const answers = { ...sampleAnswers(form.fields), cardDelivery: '邮寄到家', mailAddress: undefined }
    const r = validateAnswers(form, answers, { today: TODAY })
    expect(r).toEqual({ ok: false, errors: [{ field: 'mailAddress', message: '请填写邮寄地址' }] })
  })

  it('joins a 一件事 into one form: every part question and material once', async () => {
    for (const bundle of ['birth', 'unemployment', 'new-resident']) {
      const res = await served.app.request({ url: `/api/bundles/${bundle}/form` })
      expect(res.statusCode).toBe(200)
      const form = res.json<ServiceForm>()
      expect(form.serviceCode).toBe(bundle)
      const keys = form.fields.map((f) => f.key)
      expect(new Set(keys).size).toBe(keys.length)
      const ids = form.materials.map((m) => m.id)
      expect(new Set(ids).size).toBe(ids.length)
      const detail = (await served.app.request({ url: `/api/bundles/${bundle}` })).json<{ items: { code: string }[] }>()
      const parts: ServiceForm[] = []
      for (const { code } of detail.items) {
        const part = await served.app.request({ url: `/api/services/${code}/form` })
        if (part.statusCode === 200) parts.push(part.json<ServiceForm>())
      }
      expect(parts.length).toBeGreaterThan(1)
      expect(new Set(keys)).toEqual(new Set(parts.flatMap((p) => p.fields.map((f) => f.key))))
      expect(new Set(ids)).toEqual(new Set(parts.flatMap((p) => p.materials.map((m) => m.id))))
      for (const p of parts) for (const f of p.fields) if (f.required) expect(form.fields.find((g) => g.key === f.key)?.required).toBe(true)
      expect(validateAnswers(form, sampleAnswers(form.fields), { today: TODAY }).ok).toBe(true)
    }
  })
})

describe('form data checks', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-forms-'))
    cpSync(FORMS_DATA_DIR, dir, { recursive: true })
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON edited in place by each case
  const edit = (file: string, change: (data: any) => void) => {
    const p = path.join(dir, file)
    const data = JSON.parse(readFileSync(p, 'utf8'))
    change(data)
    writeFileSync(p, JSON.stringify(data))
  }
  const failure = async () => {
    const err = await buildFormsIndex({ formsDir: dir }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(FormDataError)
    return (err as Error).message
  }

  it('loads the shipped data', async () => {
    const index = await buildFormsIndex({ formsDir: dir })
    expect(index.sources.size).toBe(274)
    expect([...index.sources.values()].filter((s) => s === 'item').length).toBeGreaterThanOrEqual(40)
  })

  it('refuses a broken file, a form for an unknown or offline item, a bad reference, duplicate keys and a dangling showIf', async () => {
    writeFileSync(path.join(dir, 'items', 'broken.json'), '{ not json')
    expect(await failure()).toMatch(/items\/broken\.json|broken\.json/)
    rmSync(path.join(dir, 'items', 'broken.json'))

    edit('items/hrss.json', (d) => (d.forms['gz-no-such-item'] = { fields: ['@employer'] }))
    expect(await failure()).toMatch(/gz-no-such-item.*事项目录中没有这个事项/)
    edit('items/hrss.json', (d) => {
      delete d.forms['gz-no-such-item']
      d.forms['gz-police-idcard-first'] = { fields: ['@employer'] }
    })
    expect(await failure()).toMatch(/需到现场办理/)
    edit('items/hrss.json', (d) => {
      delete d.forms['gz-police-idcard-first']
      d.forms['gz-hrss-ss-card-loss'].fields.push('@noSuchField')
    })
    expect(await failure()).toMatch(/公共字段 @noSuchField 不存在/)
    edit('items/hrss.json', (d) => {
      d.forms['gz-hrss-ss-card-loss'].fields.pop()
      d.forms['gz-hrss-ss-card-loss'].fields.push({ key: 'lossAction', label: '重复', kind: 'text', required: false })
    })
    expect(await failure()).toMatch(/字段键 lossAction 重复/)
    edit('items/hrss.json', (d) => {
      d.forms['gz-hrss-ss-card-loss'].fields.pop()
      d.forms['gz-hrss-ss-card-loss'].fields[1].showIf = { field: 'lossAction', values: ['没有这个选项'] }
    })
    expect(await failure()).toMatch(/showIf 的取值 没有这个选项/)
  })

  it('refuses a choice without options and a field of an unknown kind, naming the file', async () => {
    edit('templates.json', (d) => d.templates['generic-personal'].fields.push({ key: 'x', label: 'x', kind: 'choice', required: true }))
    expect(await failure()).toMatch(/选择题须列出选项/)
    cpSync(path.join(FORMS_DATA_DIR, 'templates.json'), path.join(dir, 'templates.json'))
    edit('fields.json', (d) => (d.fields.employer.kind = 'signature'))
    expect(await failure()).toMatch(/fields\.json 内容有误/)
  })
})
