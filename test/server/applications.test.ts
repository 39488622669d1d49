// Online applications end to end on PGlite and PostgreSQL: refusals explained in Chinese (实名, fields all at once,
// materials, Idempotency-Key), racing submits with one key → one application, a PDF that is not a PDF → 415, and the
// full walks of the issue: a 全程网办 item, a 网上申请+窗口 item and a 一件事 over several departments — submit → 补正
// (every flagged item shown at once) → corrected → 受理 (promised date across the National Day holiday) → 准予 →
// e-licence verified online and offline → used as a material in a second application; every illegal step refused
// with nothing changed; another resident or another department → 404.
import type { ApplicationDetail, BundleDetail, StaffApplicationDetail, StaffApplicationPage, SubmittedApplication, SubmittedBundle } from '@contract/applications'
import type { Licence, LicenceCode, LicenceKeys, LicenceVerification } from '@contract/licences'
import type { Upload } from '@contract/upload'
import { verifyLicenceCode } from '../../server/modules/licences/codec'
import { answersFor, applicationsSuite, START } from './applications-support'
import { databases } from './helpers'
import { fullExport } from './export-code'

/** A minimal well-formed one-page PDF (header, objects, xref table, trailer, startxref, %%EOF). */
function tinyPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>']
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

describe.each(databases())('online applications on $name', ({ open }) => {
  let now = START
  const s = applicationsSuite(open, () => now)
  const { world, ids, call, submit, submitBundle, act, ok, uploadFile, materialsFor, snapshot } = s
  const form = (code: string) => world.forms.formFor(code)!
  const body = async (who: string, code: string, licences: Record<string, string> = {}) => ({
    serviceCode: code,
    fields: answersFor(form(code)),
    materials: await materialsFor(who, form(code), licences),
  })
  const detail = (who: string, id: string) => ok<ApplicationDetail>(call(who, 'GET', `/api/applications/${id}`))

  it('refuses without 实名, explains every bad field and material at once, and needs an Idempotency-Key', async () => {
    const code = 'gz-hrss-ss-card-apply'
    const good = await body('alice', code)
    const noRealname = await submit('carol', good)
    expect(noRealname.statusCode).toBe(403)
    expect(noRealname.json()).toEqual({ code: 'REALNAME_REQUIRED', message: '请先完成实名认证' })
    const bad = await submit('alice', { ...good, fields: { ...good.fields, applyReason: '随便', conditionsConfirmed: false }, materials: [] })
    expect(bad.statusCode).toBe(400)
    const problem = bad.json<{ code: string; message: string; field: string; errors: { field: string; message: string }[] }>()
    expect(problem.code).toBe('FIELD_INVALID')
    expect(problem.field).toBe(problem.errors[0].field)
    expect(problem.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['applyReason', 'conditionsConfirmed', 'materials.idcard', 'materials.photo-receipt']))
    expect(problem.message).toMatch(/^有 \d+ 处需要修改/)
    const unknown = await submit('alice', { ...good, serviceCode: 'gz-civil-affairs-marriage-register' })
    expect(unknown.json()).toMatchObject({ code: 'FORM_NOT_FOUND' })
    const noKey = await call('alice', 'POST', '/api/applications', good)
    expect(noKey.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' })
    // alice's uploads are no material of bob's.
    const stolen = await submit('bob', good)
    expect(stolen.json()).toMatchObject({ code: 'MATERIAL_INVALID' })
    // The submission is one statement: the refusal undoes its update row, its notice and its attachments too.
    expect((await world.db.query('SELECT 1 FROM applications')).rowCount).toBe(0)
    expect((await world.db.query('SELECT 1 FROM application_updates')).rowCount).toBe(0)
    expect((await world.db.query(`SELECT 1 FROM outbox WHERE dedupe_key LIKE 'application-update:%'`)).rowCount).toBe(0)
    expect((await world.db.query('SELECT 1 FROM uploads WHERE application_id IS NOT NULL')).rowCount).toBe(0)
  })

  it('takes a PDF by its content and refuses one that is not a PDF with 415', async () => {
    const pdf = await ok<Upload>(uploadFile('alice', tinyPdf(), 'receipt.pdf', 'application/pdf'), 201)
    expect(pdf).toMatchObject({ contentType: 'application/pdf', pages: 1, width: 0, height: 0 })
    const fake = await uploadFile('alice', Buffer.from('%PDF-1.7 just some text pretending\n'.repeat(10)), 'receipt.pdf', 'application/pdf')
    expect(fake.statusCode).toBe(415)
    expect(fake.json()).toEqual({ code: 'NOT_A_PDF', message: '该文件不是有效的 PDF，请重新导出或拍照上传' })
    const renamed = await uploadFile('alice', Buffer.from('plain words'), 'scan.pdf', 'application/octet-stream')
    expect(renamed.statusCode).toBe(415)
  })

  it('files once when retries with one key race, and the key cannot be reused for another application', async () => {
    const b = await body('bob', 'gz-hrss-ss-card-apply')
    const key = 'race-key-000001'
    const answers = await Promise.all([submit('bob', b, key), submit('bob', b, key), submit('bob', b, key)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201])
    const first = answers.find((a) => a.statusCode === 201)!.json<SubmittedApplication>()
    for (const a of answers) expect(a.json()).toEqual(first)
    expect(first).toEqual({ id: expect.any(String), number: expect.stringMatching(/^SQ20260930\d{6}$/), status: 'submitted' })
    expect((await world.db.query('SELECT 1 FROM applications WHERE user_id = $1', [ids.bob])).rowCount).toBe(1)
    const reused = await submit('bob', { ...b, fields: { ...b.fields, occupation: '学生' } }, key)
    expect(reused.statusCode).toBe(422)
    expect(reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
  })

  /** submit → 补正 → corrected → 受理 → 准予 with an e-licence; answers the application and the licence. */
  async function walk(code: string, staff: string, licenceTitle: string, delivery: 'none' | 'pickup' | 'postal') {
    now = START
    const f = form(code)
    const filed = await ok<SubmittedApplication>(submit('alice', await body('alice', code)), 201)
    expect(filed.status).toBe('submitted')
    // Another resident and another department see nothing.
    expect((await call('bob', 'GET', `/api/applications/${filed.id}`)).statusCode).toBe(404)
    const other = staff === 'tax-1' ? 'health-1' : 'tax-1'
    expect((await call(other, 'GET', `/api/staff/applications/${filed.id}`)).statusCode).toBe(404)
    expect((await act(other, filed.id, { action: 'accept' })).statusCode).toBe(404)
    // The clerk sees the applicant's 实名 data filled by the server.
    const seen = await ok<StaffApplicationDetail>(call(staff, 'GET', `/api/staff/applications/${filed.id}`))
    expect(seen.applicant).toEqual({ name: '张晓明', idNumber: '44010619900307001X', phone: '13800138000' })
    expect(seen.fields.applicantName).toBe('张晓明')
    expect(seen.actions).toEqual(['accept', 'request-correction', 'reject'])
    // 补正告知: one material and one field, all at once.
    const upload = f.materials.find((m) => m.provide.includes('upload'))!
    const field = f.fields.find((x) => !x.prefill && (x.kind === 'text' || x.kind === 'textarea' || x.kind === 'address'))!
    now = new Date(START.getTime() + 3600_000)
    await ok(act(staff, filed.id, { action: 'request-correction', note: '材料照片模糊，地址不完整', materialIds: [upload.id], fieldKeys: [field.key] }))
    const waiting = await detail('alice', filed.id)
    expect(waiting.status).toBe('correction')
    expect(waiting.correction).toEqual({ note: '材料照片模糊，地址不完整', materialIds: [upload.id], fieldKeys: [field.key] })
    expect(waiting.nextStep).toContain('一次补齐')
    // Fixing only part of it is refused with everything that is still missing.
    const partial = await call('alice', 'POST', `/api/applications/${filed.id}/correct`, { fields: { [field.key]: answersFor(f)[field.key] } })
    expect(partial.statusCode).toBe(400)
    expect(partial.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([`materials.${upload.id}`])
    const fresh = await s.upload('alice')
    const corrected = await ok<ApplicationDetail>(
      call('alice', 'POST', `/api/applications/${filed.id}/correct`, { fields: { [field.key]: answersFor(f)[field.key] }, materials: [{ materialId: upload.id, uploadIds: [fresh.id] }] }),
    )
    expect(corrected.status).toBe('submitted')
    expect(corrected.materials.find((m) => m.materialId === upload.id)?.uploadIds).toEqual([fresh.id])
    // 受理 on the eve of National Day: the promised working days skip 1–7 October.
    const accepted = await ok<StaffApplicationDetail>(act(staff, filed.id, { action: 'accept' }))
    expect(accepted.status).toBe('accepted')
    expect(accepted.promisedBy).toBe(new Date(addWorkingDaysIso(accepted.promisedDays)).toISOString())
    // The staff reads the corrected material (audited).
    const file = await call(staff, 'GET', `/api/staff/applications/${filed.id}/materials/${fresh.id}`)
    expect(file.statusCode).toBe(200)
    const audited = await world.db.query(`SELECT 1 FROM audit_log WHERE action = 'application.material' AND target = $1`, [`application:${filed.number}`])
    expect(audited.rowCount).toBe(1)
    const approved = await ok<StaffApplicationDetail>(act(staff, filed.id, { action: 'approve', note: '准予', result: { licenceTitle, delivery, ...(delivery === 'postal' ? { postalAddress: '广州市天河区天河路 100 号' } : {}) } }))
    expect(approved.status).toBe('approved')
    const mine = await detail('alice', filed.id)
    expect(mine.statusLabel).toBe('已办结（准予）')
    expect(mine.nextStep).toContain('电子证照已发放')
    expect(mine.timeline.map((t) => t.action)).toEqual(['submit', 'request-correction', 'correct', 'accept', 'approve'])
    const notices = await world.db.query(`SELECT 1 FROM outbox WHERE dedupe_key LIKE 'application-update:%' AND user_id = $1`, [ids.alice])
    expect(notices.rowCount).toBeGreaterThanOrEqual(4)
    const licences = await ok<{ items: Licence[] }>(call('alice', 'GET', '/api/me/licences'))
    const licence = licences.items.find((l) => l.applicationId === filed.id)!
    expect(licence).toMatchObject({ title: licenceTitle, type: licenceTitle, holder: '张*明', status: 'valid' })
    // Verified online and offline with the published key; a forged one is refused.
    const code1 = await ok<LicenceCode>(call('alice', 'GET', `/api/me/licences/${licence.id}/code`))
    const online = await ok<LicenceVerification>(call(null, 'POST', '/api/licences/verify', { code: code1.code }))
    expect(online).toMatchObject({ valid: true, type: licenceTitle, holder: '张*明', issuer: licence.issuer, issuedAt: licence.issuedAt })
    const keys = await ok<LicenceKeys>(call(null, 'GET', '/api/licences/keys'))
    expect(verifyLicenceCode(code1.code, keys.keys, now)).toMatchObject({ ok: true, claims: { holder: '张*明', type: licenceTitle } })
    const [payload, sig] = code1.code.split('.')
    const forged = `${Buffer.from(Buffer.from(payload, 'base64url').toString().replace('张*明', '李*明')).toString('base64url')}.${sig}`
    expect(verifyLicenceCode(forged, keys.keys, now)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await ok<LicenceVerification>(call(null, 'POST', '/api/licences/verify', { code: forged }))).toEqual({ valid: false, reason: 'bad_signature' })
    expect(verifyLicenceCode(code1.code, keys.keys, new Date(now.getTime() + 600_000))).toMatchObject({ ok: false, reason: 'expired' })
    return { filed, licence }
  }

  function addWorkingDaysIso(days: number): Date {
    // Computed by hand: accepted 2026-09-30 11:00; working days after it are 8, 9, 10 (调休), 12, 13 … October.
    const ends = ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16', '2026-10-19', '2026-10-20', '2026-10-21']
    return new Date(new Date(`${ends[days]}T00:00:00+08:00`).getTime() + 86_400_000)
  }

  it('walks a 全程网办 item to an e-licence and uses it as a material in a second application', async () => {
    const { licence } = await walk('gz-police-residence-permit-endorse', 'police-1', '广东省居住证', 'none')
    const second = await body('alice', 'gz-medical-security-resident-enrol', { 广东省居住证: licence.id })
    expect(second.materials).toContainEqual(expect.objectContaining({ licenceId: licence.id }))
    const filed = await ok<SubmittedApplication>(submit('alice', second), 201)
    const d = await detail('alice', filed.id)
    expect(d.materials.find((m) => m.licenceId === licence.id)?.provide).toBe('licence')
    // Someone else's licence is no material of bob's.
    const bobs = await body('bob', 'gz-medical-security-resident-enrol', { 广东省居住证: licence.id })
    expect((await submit('bob', bobs)).json()).toMatchObject({ code: 'MATERIAL_INVALID' })
  })

  it('walks a 网上申请+窗口 item (社保卡, pick-up at the hall) and uses the card as a material', async () => {
    const { filed, licence } = await walk('gz-hrss-ss-card-apply', 'hrss-1', '社会保障卡', 'pickup')
    expect((await detail('alice', filed.id)).nextStep).toContain('请预约到大厅领取')
    const second = await ok<SubmittedApplication>(submit('alice', await body('alice', 'gz-health-family-doctor', { 社会保障卡: licence.id })), 201)
    expect((await detail('alice', second.id)).materials.some((m) => m.licenceId === licence.id)).toBe(true)
  })

  it('refuses every illegal step with 409 and changes nothing', async () => {
    now = START
    const filed = await ok<SubmittedApplication>(submit('bob', await body('bob', 'gz-tax-iit-deduction')), 201)
    const tryAll = async (legal: string[]) => {
      for (const action of ['accept', 'request-correction', 'reject', 'approve', 'deny']) {
        if (legal.includes(action)) continue
        const before = await snapshot(filed.id)
        const res = await act('tax-1', filed.id, { action, note: '理由', legalBasis: '《行政许可法》第三十二条', materialIds: ['idcard'] })
        expect([action, res.statusCode, res.json<{ code: string }>().code]).toEqual([action, 409, 'ILLEGAL_TRANSITION'])
        expect(await snapshot(filed.id)).toEqual(before)
      }
      const before = await snapshot(filed.id)
      expect((await call('bob', 'POST', `/api/applications/${filed.id}/correct`, {})).statusCode).toBe(409)
      expect(await snapshot(filed.id)).toEqual(before)
    }
    await tryAll(['accept', 'request-correction', 'reject'])
    const before = await snapshot(filed.id)
    expect((await act('tax-1', filed.id, { action: 'reject', note: '不符合条件' })).json()).toMatchObject({ code: 'ACTION_INCOMPLETE' })
    expect(await snapshot(filed.id)).toEqual(before)
    await ok(act('tax-1', filed.id, { action: 'accept' }))
    await tryAll(['request-correction', 'approve', 'deny'])
    const denied = await ok<StaffApplicationDetail>(act('tax-1', filed.id, { action: 'deny', note: '不符合扣除条件' }))
    expect(denied.status).toBe('denied')
    await tryAll([])
  })

  it('stops the promised clock while waiting for 补正 after 受理 and starts it again on correction', async () => {
    now = START
    const filed = await ok<SubmittedApplication>(submit('bob', await body('bob', 'gz-police-residence-permit-endorse')), 201)
    await ok(act('police-1', filed.id, { action: 'accept' }))
    const promised = (await detail('bob', filed.id)).promisedBy
    expect(promised).toBe('2026-10-10T16:00:00.000Z') // 3 working days: 8, 9, 10 October (调休 Saturday) → end of 10 October
    now = new Date('2026-10-08T02:00:00Z')
    await ok(act('police-1', filed.id, { action: 'request-correction', note: '请补充居住证照片', fieldKeys: [], materialIds: [form('gz-police-residence-permit-endorse').materials[0].id] }))
    expect((await detail('bob', filed.id)).mark).toBeNull()
    now = new Date('2026-10-14T02:00:00Z')
    const m = form('gz-police-residence-permit-endorse').materials[0]
    const fix = m.provide.includes('upload') ? { materialId: m.id, uploadIds: [(await s.upload('bob')).id] } : { materialId: m.id }
    const back = await ok<ApplicationDetail>(call('bob', 'POST', `/api/applications/${filed.id}/correct`, { materials: [fix] }))
    // 8 October used; 9 and 10 left → from 14 October: 15, 16 → end of 16 October.
    expect(back).toMatchObject({ status: 'accepted', promisedBy: '2026-10-16T16:00:00.000Z', mark: null })
    now = new Date('2026-10-16T02:00:00Z')
    expect((await detail('bob', filed.id)).mark).toBe('due-soon')
    now = new Date('2026-10-17T02:00:00Z')
    const queue = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=open'))
    expect(queue.items.find((i) => i.id === filed.id)?.mark).toBe('overdue')
  })

  it('takes a 一件事 as one application per department under one bundle number and shows its progress', async () => {
    now = START
    const bform = world.forms.formForBundle('marriage')!
    const filed = await ok<SubmittedBundle>(submitBundle('alice', { bundleCode: 'marriage', fields: answersFor(bform), materials: await materialsFor('alice', bform) }), 201)
    expect(filed.number).toMatch(/^YJS20260930\d{6}$/)
    expect(filed.applications.map((a) => a.departmentCode).sort()).toEqual(['gz-health', 'gz-police', 'gz-tax'])
    const police = filed.applications.find((a) => a.departmentCode === 'gz-police')!
    const health = filed.applications.find((a) => a.departmentCode === 'gz-health')!
    // Each department sees its own part only.
    expect((await call('police-1', 'GET', `/api/staff/applications/${health.id}`)).statusCode).toBe(404)
    const policeView = await ok<StaffApplicationDetail>(call('police-1', 'GET', `/api/staff/applications/${police.id}`))
    expect(Object.keys(policeView.fields)).not.toContain('deductions')
    await ok(act('police-1', police.id, { action: 'request-correction', note: '户口簿缺本人页', materialIds: ['hukou-book'] }))
    await ok(call('alice', 'POST', `/api/applications/${police.id}/correct`, { materials: [{ materialId: 'hukou-book', uploadIds: [(await s.upload('alice')).id] }] }))
    await ok(act('police-1', police.id, { action: 'accept' }))
    await ok(act('police-1', police.id, { action: 'approve', result: { licenceTitle: '居民户口簿' } }))
    await ok(act('health-1', health.id, { action: 'accept' }))
    await ok(act('health-1', health.id, { action: 'approve', result: { licence: false, delivery: 'postal', postalAddress: '广州市天河区天河路 100 号' } }))
    const progress = await ok<BundleDetail>(call('alice', 'GET', `/api/bundle-applications/${filed.id}`))
    expect(progress).toMatchObject({ bundleCode: 'marriage', name: '结婚一件事', done: 2, total: 3, progress: '2 / 3 已办结' })
    expect((await call('bob', 'GET', `/api/bundle-applications/${filed.id}`)).statusCode).toBe(404)
    const licence = (await ok<{ items: Licence[] }>(call('alice', 'GET', '/api/me/licences'))).items.find((l) => l.applicationId === police.id)!
    const code = await ok<LicenceCode>(call('alice', 'GET', `/api/me/licences/${licence.id}/code`))
    expect(await ok<LicenceVerification>(call(null, 'POST', '/api/licences/verify', { code: code.code }))).toMatchObject({ valid: true, title: '居民户口簿' })
    const keys = await ok<LicenceKeys>(call(null, 'GET', '/api/licences/keys'))
    expect(verifyLicenceCode(code.code, keys.keys, now).ok).toBe(true)
    // The licence from the bundle is a material of a later application whose form accepts it by type.
    const again = await ok<SubmittedApplication>(submit('alice', await body('alice', 'gz-police-residence-permit-endorse', {})), 201)
    expect(again.status).toBe('submitted')
    const list = await ok<{ items: { bundleNumber: string | null }[]; total: number }>(call('alice', 'GET', '/api/applications'))
    expect(list.items.filter((i) => i.bundleNumber === filed.number)).toHaveLength(3)
  })

  it("pages a department's queue by deadline with its size, also past the end, and filters by status and by queue", async () => {
    now = START
    const code = 'gz-police-residence-permit-endorse'
    for (let i = 0; i < 3; i++) {
      now = new Date(START.getTime() + i * 3_600_000)
      await ok(submit('alice', await body('alice', code), `queue-page-${i}`), 201)
    }
    now = START
    const all = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=open&pageSize=100'))
    expect(all.total).toBe(all.items.length)
    expect(all.total).toBeGreaterThanOrEqual(3)
    expect(all.items.every((i) => i.departmentCode === 'gz-police' && ['submitted', 'correction', 'accepted'].includes(i.status))).toBe(true)
    const deadlines = all.items.map((i) => i.deadline)
    expect(deadlines).toEqual([...deadlines].sort())
    const first = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=open&pageSize=2&page=1'))
    const second = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=open&pageSize=2&page=2'))
    expect([first.total, second.total]).toEqual([all.total, all.total])
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.slice(0, 4).map((i) => i.id))
    expect(first.items[0]).toMatchObject({ serviceName: expect.any(String), departmentName: expect.any(String), statusLabel: expect.any(String) })
    const beyond = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=open&pageSize=2&page=99'))
    expect(beyond).toEqual({ items: [], total: all.total, page: 99, pageSize: 2 })
    const submitted = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=all&status=submitted&pageSize=100'))
    expect(submitted.items.length).toBeGreaterThanOrEqual(3)
    expect(submitted.items.every((i) => i.status === 'submitted')).toBe(true)
    const decided = await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=decided&pageSize=100'))
    expect(decided.items.every((i) => ['approved', 'rejected', 'denied'].includes(i.status))).toBe(true)
    expect(decided.total + all.total).toBe((await ok<StaffApplicationPage>(call('police-1', 'GET', '/api/staff/applications?queue=all&pageSize=1'))).total)
  })

  it('keeps drafts on the server for another device, drops them on submit, and exports applications and licences', async () => {
    const code = 'gz-hrss-ss-card-apply'
    await ok(call('bob', 'PUT', `/api/applications/drafts/${code}`, { fields: { occupation: '学生' } }))
    const draft = await ok<{ fields: Record<string, unknown> }>(call('bob', 'GET', `/api/applications/drafts/${code}`))
    expect(draft.fields).toEqual({ occupation: '学生' })
    expect((await call('alice', 'GET', `/api/applications/drafts/${code}`)).statusCode).toBe(404)
    await ok(submit('bob', await body('bob', code)), 201)
    expect((await call('bob', 'GET', `/api/applications/drafts/${code}`)).statusCode).toBe(404)
    const { records: exported } = await ok<{ records: Record<string, { retention: string; items: unknown[] }> }>(fullExport(s.world.app, s.as('alice')))
    expect(exported.applications.retention).toContain('依法须归档保存')
    expect(exported.applications.items.length).toBeGreaterThan(3)
    expect(exported.licences.items.length).toBeGreaterThanOrEqual(3)
    // 注销账号: drafts go, applications (with their materials) and the sealed applicant data stay as the law requires.
    await ok(call('bob', 'PUT', `/api/applications/drafts/${code}`, { fields: { occupation: '学生' } }))
    const kept = (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE user_id = $1', [ids.bob])).rows[0].n
    const files = (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE user_id = $1 AND application_id IS NOT NULL', [ids.bob])).rows[0].n
    expect((await call('bob', 'DELETE', '/api/me')).statusCode).toBe(204)
    expect((await world.db.query('SELECT 1 FROM application_drafts WHERE user_id = $1', [ids.bob])).rowCount).toBe(0)
    expect((await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE user_id = $1 AND holder_id_enc IS NOT NULL', [ids.bob])).rows[0].n).toBe(kept)
    expect((await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM uploads WHERE user_id = $1 AND application_id IS NOT NULL', [ids.bob])).rows[0].n).toBe(files)
  })
})
