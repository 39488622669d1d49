// API contract for the home page's 待办: GET /api/me/todo gathers what is waiting for the signed-in resident across
// modules (next appointment, a hall visit to rate, a 12345 request to rate, a 办件 to correct), soonest first.
import { Type, type Static } from '@sinclair/typebox'

const Instant = Type.String({ format: 'date-time' })

/** What waits: 'appointment' next visit; 'rate-visit' a hall visit to rate; 'rate-request' a 12345 reply to rate; 'correct-application' 办件 待补正. */
export const TodoKind = Type.Union([
  Type.Literal('appointment'),
  Type.Literal('rate-visit'),
  Type.Literal('rate-request'),
  Type.Literal('correct-application'),
  Type.Literal('printed-code'),
  Type.Literal('rate-application'),
])
export type TodoKind = Static<typeof TodoKind>

/** The page to open: a key of the app's ROUTES, with its `id` query. */
export const TodoPage = Type.Union([Type.Literal('appointment'), Type.Literal('rateVisit'), Type.Literal('request'), Type.Literal('myApplication'), Type.Literal('printedCodes'), Type.Literal('rateApplication')])
export type TodoPage = Static<typeof TodoPage>

export const TodoItem = Type.Object(
  {
    kind: TodoKind,
    /** What to show, e.g. 「户籍迁移」预约 or 请评价：诉求 2026…. */
    title: Type.String(),
    /** A second line: the hall, the request number, the department. */
    detail: Type.String(),
    /** When it happens or until when the resident can act. */
    when: Instant,
    page: TodoPage,
    id: Type.String(),
  },
  { additionalProperties: false },
)
export type TodoItem = Static<typeof TodoItem>

export const TodoList = Type.Object({ items: Type.Array(TodoItem) }, { additionalProperties: false })
export type TodoList = Static<typeof TodoList>
