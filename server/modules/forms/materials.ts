// A form's materials come from the item's guide (申请材料), one for one and in the guide's order; how each may be
// provided is chosen by the rule below, and an item's form file may change `required` / `provide` of one by name.
import type { Material, OnlineDepth } from '@contract/service'
import type { FormMaterial, MaterialProvide } from '@contract/forms'
import { shortHash } from '@domain/forms'

/** Ids of the materials most items share (the same id in two forms = the same material in a 一件事 bundle). */
const KNOWN_IDS: Record<string, string> = {
  申请人居民身份证: 'idcard',
  居民户口簿: 'hukou-book',
  近期免冠彩色证件照片: 'photo',
  数码相片回执: 'photo-receipt',
  广东省居住证: 'residence-permit',
  结婚证: 'marriage-cert',
  出生医学证明: 'birth-cert',
  授权委托书: 'agent-authorisation',
  代办人居民身份证: 'agent-idcard',
  '本人银行结算账户（或社会保障卡金融账户）': 'bank-account',
  社会保障卡: 'ss-card',
  营业执照: 'business-licence',
  '法定代表人（负责人）身份证件': 'legal-rep-id',
  '不动产权证书（或房屋所有权证）': 'property-cert',
  机动车驾驶证: 'driving-licence',
  机动车行驶证: 'vehicle-licence',
  劳动合同: 'labour-contract',
  告知承诺书: 'commitment',
  经营场所使用证明: 'premises',
  公司章程: 'articles',
}

/** Only needed in some cases: someone applies for the applicant, or the guide says it may be left out. */
const OPTIONAL_NAME = /代办人|授权委托书/
const OPTIONAL_NOTE = /委托|代办|免交|免提交|无需提交|如有|系统自动获取/

/** The e-licence type a material stands for: the name without whose it is (申请人居民身份证 → 居民身份证). */
export function licenceTypeOf(name: string): string {
  return name.replace(/^(申请人|本人)/, '')
}

export function materialId(name: string): string {
  return KNOWN_IDS[name] ?? `m-${shortHash(name)}`
}

/**
 * How a guide material may be provided:
 * - an e-licence exists for it (eLicence, e.g. 居民身份证 from 实名) → the e-licence (免提交), or an upload;
 * - an item applied for online with one visit (mostly) whose guide asks for a paper original → an upload now and the
 *   original seen at the 窗口 (counter);
 * - anything else → an upload (photo or PDF).
 * The applicant's own ID card is never "counter" only: 实名 already checked it.
 */
export function provideOf(material: Material, depth: OnlineDepth): MaterialProvide[] {
  if (material.eLicence && !/^代办人/.test(material.name)) return ['licence', 'upload']
  if (depth === 'mostly' && material.originals > 0 && material.form === 'paper') return ['upload', 'counter']
  return ['upload']
}

export interface MaterialChangeData {
  required?: boolean
  provide?: MaterialProvide[]
}

/** The form's materials for an item's guide materials. */
export function formMaterials(guide: Material[], depth: OnlineDepth, changes: Record<string, MaterialChangeData> = {}): FormMaterial[] {
  const seen = new Map<string, number>()
  return guide.map((m) => {
    let id = materialId(m.name)
    const n = (seen.get(id) ?? 0) + 1
    seen.set(id, n)
    if (n > 1) id = `${id}-${n}`
    const change = changes[m.name] ?? {}
    const provide = change.provide ?? provideOf(m, depth)
    const out: FormMaterial = {
      id,
      name: m.name,
      required: change.required ?? !(OPTIONAL_NAME.test(m.name) || OPTIONAL_NOTE.test(m.note ?? '')),
      provide,
    }
    if (provide.includes('licence')) out.licenceTypes = [licenceTypeOf(m.name)]
    if (m.note) out.note = m.note
    return out
  })
}
