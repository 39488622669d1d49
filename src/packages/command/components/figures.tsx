// The period's figures: 受理 (by type), 未办结, 超期, 办结; the 三率 and 按时办结率, each with its numerator and
// denominator. Every number opens the work orders it counts.
import { observer } from 'mobx-react-lite'
import type { Dashboard, DashboardMetric, Rate } from '@contract/dashboard'
import { REQUEST_TYPES, TYPE_LABEL } from '@domain/workorder'
import type { DashboardStore } from '@/stores/dashboard'
import { percentText, figuresCsv } from '@/stores/dashboard-csv'
import CsvButton from './csv-button'
import { FigureButton, type Drill } from './figure'

const RATES: { key: keyof Dashboard['rates']; label: string; num: DashboardMetric; numLabel: string; den: DashboardMetric; denLabel: string; hint: string }[] = [
  { key: 'response', label: '响应率', num: 'signed-on-time', numLabel: '按时签收', den: 'dispatched', denLabel: '派单', hint: '时限内签收的派单 ÷ 本期派单' },
  { key: 'resolution', label: '解决率', num: 'resolved', numLabel: '已解决', den: 'resolution-answered', denLabel: '回答“问题是否解决”', hint: '答“已解决”的评价 ÷ 回答该问题的评价' },
  { key: 'satisfaction', label: '满意率', num: 'satisfied', numLabel: '满意', den: 'rated', denLabel: '评价', hint: '非常满意、满意、基本满意 ÷ 全部评价（含回访）' },
  { key: 'onTime', label: '按时办结率', num: 'closed-on-time', numLabel: '按时办结', den: 'closed', denLabel: '办结', hint: '时限内办结 ÷ 本期办结' },
]

function RateCard({ store, drill, def, rate }: { store: DashboardStore; drill: Drill; def: (typeof RATES)[number]; rate: Rate & { defaults?: number } }) {
  return (
    <div className='os-cmd__rate' id={`cmd-rate-${def.key}`}>
      <span className='os-cmd__label'>{def.label}</span>
      <span className='os-cmd__rate-value'>{percentText(rate.rate)}</span>
      <span className='os-cmd__fraction'>
        <FigureButton id={`cmd-rate-${def.key}-num`} value={rate.numerator} drill={drill} target={store.target(def.num, `${def.label} · ${def.numLabel}`)} className='os-cmd__num--small' />
        <span aria-hidden='true'> / </span>
        <FigureButton id={`cmd-rate-${def.key}-den`} value={rate.denominator} drill={drill} target={store.target(def.den, `${def.label} · ${def.denLabel}`)} className='os-cmd__num--small' />
      </span>
      <span className='os-cmd__hint'>{def.hint}</span>
      {def.key === 'satisfaction' && 'defaults' in rate && (rate.defaults ?? 0) > 0 && (
        <span className='os-cmd__hint'>
          其中 7 天未评默认基本满意
          <FigureButton id='cmd-rate-satisfaction-defaults' value={rate.defaults ?? 0} drill={drill} target={store.target('rated-default', '满意率 · 默认评价')} className='os-cmd__num--small' />
        </span>
      )}
    </div>
  )
}

function Figures({ store, data, drill }: { store: DashboardStore; data: Dashboard; drill: Drill }) {
  return (
    <section className='os-cmd__panel' aria-labelledby='cmd-figures-title'>
      <div className='os-cmd__panel-head'>
        <h2 id='cmd-figures-title' className='os-cmd__panel-title'>
          总体指标
        </h2>
        <CsvButton id='cmd-csv-figures' file={() => figuresCsv(data)} />
      </div>
      <div className='os-cmd__kpis'>
        <div className='os-cmd__kpi os-cmd__kpi--wide' id='cmd-received'>
          <span className='os-cmd__label'>受理</span>
          <FigureButton id='cmd-received-count' value={data.received} drill={drill} target={store.target('received', '受理工单')} />
          <div className='os-cmd__types'>
            {REQUEST_TYPES.map((t) => (
              <span key={t} className='os-cmd__type'>
                {TYPE_LABEL[t]}
                <FigureButton id={`cmd-type-${t}`} value={data.byType[t]} drill={drill} target={store.target('received', `受理 · ${TYPE_LABEL[t]}`, { type: t })} className='os-cmd__num--small' />
              </span>
            ))}
          </div>
        </div>
        <div className='os-cmd__kpi' id='cmd-open'>
          <span className='os-cmd__label'>未办结</span>
          <FigureButton id='cmd-open-count' value={data.open} drill={drill} target={store.target('open', '未办结工单')} />
        </div>
        <div className='os-cmd__kpi os-cmd__kpi--alert' id='cmd-overdue'>
          <span className='os-cmd__label'>超期</span>
          <FigureButton id='cmd-overdue-count' value={data.overdue} drill={drill} target={store.target('overdue', '超期工单')} className='os-cmd__num--alert' />
        </div>
        <div className='os-cmd__kpi' id='cmd-closed'>
          <span className='os-cmd__label'>办结</span>
          <FigureButton id='cmd-closed-count' value={data.closed} drill={drill} target={store.target('closed', '办结工单')} />
        </div>
      </div>
      <div className='os-cmd__rates'>
        {RATES.map((def) => (
          <RateCard key={def.key} store={store} drill={drill} def={def} rate={data.rates[def.key]} />
        ))}
      </div>
    </section>
  )
}

export default observer(Figures)
