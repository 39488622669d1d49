-- 预约办事: a booking's hall, service and start come from its slot, and one composite foreign key now says so.
-- It replaces the separate keys to halls and services: every booking checked those two rows with FOR KEY SHARE,
-- so concurrent bookings for one service all locked the same services row (and each hall's row) and PostgreSQL
-- had to build a MultiXact per check — the hottest rows of the booking path. The slot row is already locked by the
-- booking's own seat update, so checking against it costs nothing extra, and the copy can no longer disagree with it.
CREATE UNIQUE INDEX slots_identity_idx ON slots (id, hall_id, service_code, starts_at);
ALTER TABLE appointments
  ADD CONSTRAINT appointments_slot_fkey FOREIGN KEY (slot_id, hall_id, service_code, starts_at)
    REFERENCES slots (id, hall_id, service_code, starts_at);
ALTER TABLE appointments DROP CONSTRAINT appointments_slot_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_hall_id_fkey;
ALTER TABLE appointments DROP CONSTRAINT appointments_service_code_fkey;
