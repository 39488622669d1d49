// The API contract in one import: every domain's TypeBox schemas and static types.
export * from './common'
export * from './health'
export * from './department'
export * from './me'
export * from './auth'
export * from './service'
export * from './similar'
