// The hall desk (大厅预约, hall staff of the hall or admin): the day's list, check-in by code, 未到场, and 停办 of a
// day with its residents notified. Every change is audited.
import type { Appointment, ClosureResult, HallDay } from '@contract/appointment'
import { addCalendarDays, shanghaiDate, shanghaiTime } from '@domain/calendar'
import { maskName } from '@domain/mask'
import { audit, type StaffPrincipal } from '../../auth'
import { cancelNotice, enqueueNotice } from '../outbox'
import { checkIn } from './check-in'
import { notFound, toAppointment, type AppointmentsContext } from './common'
import { closedNotice } from './notices'
import { reminderKey, type AppointmentRow } from './repo'

export function createHallDesk(ctx: AppointmentsContext) {
  const { db, repo, crypto, clock, refusals } = ctx

  return {
    async hallDay(hallId: string, date?: string): Promise<HallDay> {
      const hall = await repo.hall(hallId)
      if (!hall) throw notFound('找不到该办事大厅')
      const day = date ?? shanghaiDate(clock())
      const rows = await repo.hallDay(hallId, shanghaiTime(day), shanghaiTime(addCalendarDays(day, 1)))
      const closure = (await repo.closures(hallId, day, day))[0]
      return {
        hall: { id: hall.id, name: hall.name },
        date: day,
        closed: closure ? { reason: closure.reason } : null,
        items: rows.map((r) => ({
          id: r.id,
          code: r.code,
          status: r.status,
          start: r.starts_at.toISOString(),
          end: r.ends_at.toISOString(),
          service: { code: r.service_code, name: r.service_name },
          name: r.name_enc ? maskName(crypto.open('users.name', r.name_enc)) : '（已注销）',
          queueNumber: r.queue_number,
        })),
      }
    },

    async staffCheckin(staff: StaffPrincipal, hallId: string, code: string): Promise<Appointment> {
      const now = clock()
      return db.transaction(async (tx) => {
        const row = await repo.appointmentByCode(hallId, code.trim().toUpperCase(), tx)
        if (!row) throw notFound('本大厅没有该预约码的预约，请核对')
        const done = await checkIn(ctx, tx, row, now)
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'appointment.checkin', target: `appointment:${row.id}`, detail: { queueNumber: done.queue_number }, at: now })
        return toAppointment(done)
      })
    },

    async markNoShow(staff: StaffPrincipal, hallId: string, id: string): Promise<Appointment> {
      const now = clock()
      return db.transaction(async (tx) => {
        const row = await repo.appointment(id, tx, true)
        if (!row || row.hall_id !== hallId) throw notFound()
        if (row.status !== 'booked') throw refusals.notActive(row)
        if (now.getTime() < row.starts_at.getTime()) throw refusals.refuseAtDesk('NOT_STARTED')
        await repo.setStatus(id, 'booked', 'no_show', { now }, tx)
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'appointment.no_show', target: `appointment:${id}`, at: now })
        return toAppointment((await repo.appointment(id, tx)) as AppointmentRow)
      })
    },

    /** Closes a hall's day: its slots close, its bookings are cancelled as 'closed', and each resident gets one notice. */
    async closeDay(staff: StaffPrincipal, hallId: string, date: string, reason: string): Promise<ClosureResult> {
      const now = clock()
      if (date < shanghaiDate(now)) throw refusals.refuseAtDesk('DATE_PAST')
      return db.transaction(async (tx) => {
        const hall = await repo.hall(hallId, tx)
        if (!hall) throw notFound('找不到该办事大厅')
        const from = shanghaiTime(date)
        const to = shanghaiTime(addCalendarDays(date, 1))
        const ids = await repo.closeDay({ hallId, date, from, to, reason, bookingReason: `大厅停办：${reason}`, staffId: staff.staffId, now }, tx)
        let notified = 0
        for (const id of ids) {
          const row = (await repo.appointment(id, tx)) as AppointmentRow
          await cancelNotice(tx, reminderKey(row))
          if (await enqueueNotice(tx, closedNotice(row, reason, now))) notified++
        }
        await audit(tx, { actorKind: 'staff', actorId: staff.staffId, action: 'hall.close_day', target: `hall:${hallId}`, detail: { date, reason, cancelled: ids.length }, at: now })
        return { date, cancelled: ids.length, notified }
      })
    },
  }
}
