// One clickable figure: a number that opens the list of the work orders it counts.
import type { DrillTarget } from '@/stores/dashboard'

export type Drill = (target: DrillTarget) => void

export function FigureButton({ id, value, target, drill, className = '' }: { id: string; value: number; target: DrillTarget; drill: Drill; className?: string }) {
  return (
    <button type='button' id={id} className={`os-cmd__num ${className}`} aria-label={`${target.title} ${value} 件，查看工单`} onClick={() => drill(target)}>
      {value}
    </button>
  )
}
