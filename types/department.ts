// API contract for departments: the bodies (委办局) that own services and answer requests.
import { Type, type Static } from '@sinclair/typebox'
import { ItemList } from './common'

export const Department = Type.Object(
  {
    /** Stable machine code, e.g. `gz-police`. */
    code: Type.String(),
    /** Full official name, e.g. 广州市公安局. */
    name: Type.String(),
    /** Short name for tight layouts, e.g. 市公安局; the full name when none is recorded. */
    shortName: Type.String(),
  },
  { additionalProperties: false },
)
export type Department = Static<typeof Department>

export const DepartmentList = ItemList(Department)
export type DepartmentList = Static<typeof DepartmentList>
