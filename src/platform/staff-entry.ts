// H5: staff reach the workbench at `/staff` (the server answers any HTML address with the app). Residents never see a
// staff entry in 我的; in the mini-programs a long-press on 我的's footer line opens it.
export function installStaffEntryH5(staffRoute: string): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  if (!/^\/staff\/?$/.test(window.location.pathname)) return
  // Before the hash router starts: the address becomes the workbench's own, so a reload keeps it.
  window.history.replaceState(null, '', `/#${staffRoute}`)
}
