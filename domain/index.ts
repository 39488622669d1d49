// Pure rules shared by the app and the server (no Taro, no I/O): one import for all of them.
export * from './idcard'
export * from './phone'
export * from './mask'
export * from './calendar'
export * from './districts'
