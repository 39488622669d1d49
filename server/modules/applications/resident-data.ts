// The resident's applications in the account hooks (registered in server/modules/index.ts): a merge moves them and
// the drafts, the PIPL export lists them with their timelines, and erasure drops the drafts but keeps the applications
// — 办件 records are archives the law requires (《行政许可法》、《档案法》、政务服务办件归档规定) — and says so.
import type { AccountHooks } from '../identity/account-hooks'
import { applicationsRepo } from './repo'

export const applicationAccountHooks: AccountHooks = {
  module: 'applications',
  ownedTables: ['applications', 'application_bundles'],
  merge: (tx, from, to) => applicationsRepo.mergeDrafts(tx, from, to),
  export: {
    name: 'applications',
    collect: async (db, userId) => ({
      retention: '办件记录（申请、材料、审批过程和结果）属于依法须归档保存的政务档案，注销账号后仍按规定期限保存，仅用于依法查询；未提交的草稿会被删除',
      items: await applicationsRepo.exportOfUser(db, userId),
    }),
  },
  erase: (tx, userId) => applicationsRepo.eraseDrafts(tx, userId),
}
