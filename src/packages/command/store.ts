// 一屏观's store, one per RootStore, created by this subpackage on first use: it stays out of the RootStore (and so
// out of every mini-program's main package, which this H5-only view would only weigh down).
import { DashboardStore } from '@/stores/dashboard'
import type { RootStore } from '@/stores/root'

const stores = new WeakMap<RootStore, DashboardStore>()

export function dashboardOf(root: RootStore): DashboardStore {
  let store = stores.get(root)
  if (!store) {
    store = new DashboardStore(root.api, () => root.staff.token)
    stores.set(root, store)
  }
  return store
}
