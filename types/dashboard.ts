// API contract for 一屏观 (the 一网统管 command view): the figures of a period, exact, computed from the request update
// rows; and the work orders behind any figure (drill-down). Definitions: README "一网统管 figures".
//
// Staff (Authorization: Bearer <staff token>; dispatcher and admin see the city, dept_staff their own department,
// hall_staff → 403 FORBIDDEN):
//   GET /api/staff/dashboard?from=&to=&district=&department=&type=&category=           → Dashboard
//   GET /api/staff/dashboard/requests?metric=&from=&to=&…&page=&pageSize=              → DrillPage
//   from / to: Asia/Shanghai days (YYYY-MM-DD, both included; default the 30 days to today); an empty filter is no
//   filter. Bad dates, to before from, a span over 366 days, an unknown metric → 400 {code, message};
//   a clerk asking for another department → 403 DEPARTMENT_FORBIDDEN.
import { Type, type Static } from '@sinclair/typebox'
import { Page } from './common'
import { RequestStatus, RequestType } from './request'
import { Hotspot } from './similar'

const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' })

/** The filters every dashboard figure and drill-down takes. */
const filters = {
  /** First day (included). Default: 29 days before `to`. */
  from: Type.Optional(Day),
  /** Last day (included). Default: today. */
  to: Type.Optional(Day),
  /** A district (区) as requests carry it, e.g. 天河区; empty: every district. */
  district: Type.Optional(Type.String({ maxLength: 30, pattern: '^[^\\x00-\\x1f\\x7f]*$' })),
  /** A department code; empty: every department (dept_staff: always their own). */
  department: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z0-9-]*$' })),
  /** A request type; empty: every type. */
  type: Type.Optional(Type.Union([RequestType, Type.Literal('')])),
  /** A category code (leaf or top level, top level includes its leaves); empty: every category. */
  category: Type.Optional(Type.String({ maxLength: 60, pattern: '^[a-z0-9._-]*$' })),
}

export const DashboardQuery = Type.Object(filters, { additionalProperties: false })
export type DashboardQuery = Static<typeof DashboardQuery>

/** A rate with what it counts: rate = numerator ÷ denominator (0–1), null when the denominator is 0. */
export const Rate = Type.Object(
  {
    numerator: Type.Integer({ minimum: 0 }),
    denominator: Type.Integer({ minimum: 0 }),
    rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type Rate = Static<typeof Rate>

/** 满意率: a Rate, and how many of the counted ratings were 7-day default ratings (基本满意; absent when none). */
export const SatisfactionRate = Type.Object(
  {
    ...Rate.properties,
    /** Of the denominator: ratings given by default when no rating came within 7 days of the close (level 3). */
    defaults: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
)
export type SatisfactionRate = Static<typeof SatisfactionRate>

/** 三率 and the on-time rate. */
export const Rates = Type.Object(
  {
    /** 响应率: dispatches signed within their 签收 deadline ÷ dispatches in the period. */
    response: Rate,
    /** 解决率: ratings answering 问题是否解决 with yes ÷ ratings answering it. */
    resolution: Rate,
    /**
     * 满意率: ratings 5, 4, 3 ÷ all ratings (app, 回访 and the 7-day default 基本满意, counted in `defaults`); a rating
     * excluded by an upheld 申诉复核 is not counted here nor in 解决率.
     */
    satisfaction: SatisfactionRate,
    /** 按时办结率: closings within the close deadline ÷ closings in the period. */
    onTime: Rate,
  },
  { additionalProperties: false },
)
export type Rates = Static<typeof Rates>

export const Grade = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')], {
  description: 'A ≥ 95 %, B ≥ 85 %, C ≥ 70 %, D below (domain/dashboard GRADE_BANDS)',
})

export const DepartmentFigures = Type.Object(
  {
    department: Type.String(),
    name: Type.String(),
    /** 派单: dispatches to it in the period (= rates.response.denominator); 签收 on time = rates.response.numerator. */
    dispatched: Type.Integer({ minimum: 0 }),
    /** 办结: its closings in the period (= rates.onTime.denominator). */
    closed: Type.Integer({ minimum: 0 }),
    /** 超期: requests received in the period, in its hands now and past their close deadline. */
    overdue: Type.Integer({ minimum: 0 }),
    /** 满意: its ratings at levels 5–3 (= rates.satisfaction.numerator). */
    satisfied: Type.Integer({ minimum: 0 }),
    rates: Rates,
    /** Mean of the rates it has (0–1), null when none. */
    score: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    grade: Type.Union([Grade, Type.Null()]),
  },
  { additionalProperties: false },
)
export type DepartmentFigures = Static<typeof DepartmentFigures>

export const TrendDay = Type.Object(
  {
    date: Day,
    received: Type.Integer({ minimum: 0 }),
    dispatched: Type.Integer({ minimum: 0 }),
    signedOnTime: Type.Integer({ minimum: 0 }),
    closed: Type.Integer({ minimum: 0 }),
    closedOnTime: Type.Integer({ minimum: 0 }),
    rated: Type.Integer({ minimum: 0 }),
    satisfied: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type TrendDay = Static<typeof TrendDay>

export const CategoryFigures = Type.Object(
  {
    category: Type.String(),
    label: Type.String(),
    received: Type.Integer({ minimum: 0 }),
    /** Received in the period of the same length just before. */
    previous: Type.Integer({ minimum: 0 }),
    /** received − previous. */
    growth: Type.Integer(),
  },
  { additionalProperties: false },
)
export type CategoryFigures = Static<typeof CategoryFigures>

export const Dashboard = Type.Object(
  {
    from: Day,
    to: Day,
    /** The department the figures are limited to (a clerk's own, or the one asked for), or null. */
    department: Type.Union([Type.String(), Type.Null()]),
    district: Type.Union([Type.String(), Type.Null()]),
    /** 受理: requests filed in the period. */
    received: Type.Integer({ minimum: 0 }),
    byType: Type.Object(
      {
        consult: Type.Integer({ minimum: 0 }),
        help: Type.Integer({ minimum: 0 }),
        complaint: Type.Integer({ minimum: 0 }),
        report: Type.Integer({ minimum: 0 }),
        suggestion: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    /** Guangzhou's 11 districts (zeros included), then any other district named; requests without one are left out. */
    byDistrict: Type.Array(Type.Object({ district: Type.String(), received: Type.Integer({ minimum: 0 }) }, { additionalProperties: false })),
    /** Of those received: still open now, and open past their close deadline now (超期). */
    open: Type.Integer({ minimum: 0 }),
    overdue: Type.Integer({ minimum: 0 }),
    /** 办结: closings in the period (= rates.onTime.denominator). */
    closed: Type.Integer({ minimum: 0 }),
    rates: Rates,
    /** Every department with a dispatch, closing, rating or overdue request in scope, by code (not ranked). */
    departments: Type.Array(DepartmentFigures),
    /** One entry per day from `from` to `to`. */
    trend: Type.Array(TrendDay),
    /** The 10 categories received most, and the 5 that grew most against the period before (growth > 0). */
    topCategories: Type.Array(CategoryFigures),
    risingCategories: Type.Array(CategoryFigures),
    /** Clusters (≥ 5 of one category within 500 m) among the requests in scope filed in the last 7 days of the period. */
    hotspots: Type.Array(Hotspot),
    /** When the figures were computed. */
    asOf: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type Dashboard = Static<typeof Dashboard>

/** The figure to open: each names the rows one number counts (the rates' numerators and denominators included). */
export const DashboardMetric = Type.Union(
  [
    Type.Literal('received'),
    Type.Literal('open'),
    Type.Literal('overdue'),
    Type.Literal('dispatched'),
    Type.Literal('signed-on-time'),
    Type.Literal('closed'),
    Type.Literal('closed-on-time'),
    Type.Literal('rated'),
    Type.Literal('satisfied'),
    Type.Literal('rated-default'),
    Type.Literal('resolution-answered'),
    Type.Literal('resolved'),
  ],
  {
    description:
      'received/open/overdue: 受理/未办结/超期; dispatched, signed-on-time: 响应率; closed, closed-on-time: 按时办结率; rated, satisfied: 满意率 (rated-default: the 7-day default ratings among rated); resolution-answered, resolved: 解决率',
  },
)
export type DashboardMetric = Static<typeof DashboardMetric>

export const DrillQuery = Type.Object(
  {
    ...filters,
    metric: DashboardMetric,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
export type DrillQuery = Static<typeof DrillQuery>

/** One counted row: the work order, and when and for which department the counted step happened. */
export const DrillItem = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    type: RequestType,
    typeLabel: Type.String(),
    category: Type.Union([Type.String(), Type.Null()]),
    categoryLabel: Type.Union([Type.String(), Type.Null()]),
    summary: Type.String(),
    district: Type.Union([Type.String(), Type.Null()]),
    status: RequestStatus,
    statusLabel: Type.String(),
    filedAt: Type.String({ format: 'date-time' }),
    deadline: Type.String({ format: 'date-time' }),
    /** The counted step's time (filing for received/open/overdue). */
    at: Type.String({ format: 'date-time' }),
    /** The department the step counts for (dispatched to, closed or rated for; now handling for open/overdue). */
    departmentCode: Type.Union([Type.String(), Type.Null()]),
    departmentName: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type DrillItem = Static<typeof DrillItem>

/** total equals the figure the metric names, for the same filters. Newest step first. */
export const DrillPage = Page(DrillItem)
export type DrillPage = Static<typeof DrillPage>

/** Every error code the dashboard answers with (its own and the common ones it uses). */
export const DashboardErrorCode = {
  /** 400: a query parameter is not understood (schema). */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** 400: from/to not a calendar day, to before from, or more than 366 days. */
  PERIOD_INVALID: 'PERIOD_INVALID',
  /** 401: no staff session. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** 403: the role has no dashboard (hall staff). */
  FORBIDDEN: 'FORBIDDEN',
  /** 403: a department clerk asked for another department's figures. */
  DEPARTMENT_FORBIDDEN: 'DEPARTMENT_FORBIDDEN',
} as const
export type DashboardErrorCode = (typeof DashboardErrorCode)[keyof typeof DashboardErrorCode]
