// City code in the resident's account hooks: an account merge moves codes, log and family links to the kept account;
// the PIPL export lists them; erasure revokes printed codes and deletes pseudonyms, family links and the log.
import type { AccountHooks } from '../identity/account-hooks'
import { eraseCitycode, exportCitycode, mergeCitycode } from './account.repo'

export const citycodeAccountHooks: AccountHooks = {
  module: 'citycode',
  ownedTables: ['citycode_printed', 'citycode_uses'],
  merge: mergeCitycode,
  export: { name: 'citycode', collect: exportCitycode },
  erase: eraseCitycode,
}
