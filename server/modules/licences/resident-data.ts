// The resident's e-licences in the account hooks (registered in server/modules/index.ts): a merge moves them, the PIPL
// export lists them, and erasure keeps them — issued results are archives the law requires (《电子证照管理办法》、
// 档案法); the export says so.
import type { AccountHooks } from '../identity/account-hooks'
import { licencesRepo } from './repo'

export const licenceAccountHooks: AccountHooks = {
  module: 'licences',
  ownedTables: ['licences'],
  export: {
    name: 'licences',
    collect: async (db, userId) => ({
      retention: '已签发的电子证照属于依法须归档保存的政务记录，注销账号后仍按规定保存，不再向您展示或用于其他用途',
      items: await licencesRepo.exportOfUser(db, userId),
    }),
  },
}
