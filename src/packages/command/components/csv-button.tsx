// 导出 CSV: saves one table as a .csv file (UTF-8 with BOM, so Excel shows the Chinese text) through a Blob link.
import type { CsvFile } from '@/stores/dashboard-csv'

export function downloadCsv(file: CsvFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export default function CsvButton({ id, file, label = '导出 CSV' }: { id: string; file: () => CsvFile; label?: string }) {
  return (
    <button type='button' id={id} className='os-cmd__csv' onClick={() => downloadCsv(file())}>
      {label}
    </button>
  )
}
