// perRoot: a feature store made for one RootStore on first use. Only the tab pages' stores live in the RootStore (the
// mini-programs' main package); a feature's store is reached through its `…Of(root)` accessor, which only the pages of
// that feature import, so its code (and the API module, rules and wording it needs) ships in their subpackage.
import type { RootStore } from './root'

/** An accessor that creates the store for a RootStore the first time it is asked and returns that one afterwards. */
export function perRoot<T>(create: (root: RootStore) => T): (root: RootStore) => T {
  const made = new WeakMap<RootStore, T>()
  return (root) => {
    let store = made.get(root)
    if (store === undefined) {
      store = create(root)
      made.set(root, store)
    }
    return store
  }
}
