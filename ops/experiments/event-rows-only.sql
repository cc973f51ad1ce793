-- An experiment, not a configuration: run by `bash ops/bench.sh --after-setup-sql ops/experiments/event-rows-only.sql
-- --reverse-percent 0 --skip-verify ...` after the set-up of a throw-away benchmark database.
--
-- It leaves PostgreSQL nothing to do per settlement but what a baseline row does: insert the event row. Gone are
-- the stream's version update, the foreign key from mt_events to mt_streams, the ledger row and the request key
-- (their inserts still arrive from the host and are dropped by the rules below, so the host does all its usual
-- work). What it measures is the ceiling of the ratio on this machine for any clearinghouse that keeps the
-- host and the load generator on the same cores: see docs/performance.md, "Known limits".
--
-- The function below must keep EventAppends.Definition's signature (src/Clearinghouse.Storage/EventAppends.cs):
-- with another one, `create or replace` would add an overload beside the host's function and the run would
-- measure the clearinghouse as built while saying otherwise.
--
-- With it the ledger stays empty, so reversals (which look the settlement up there) and the verification fail:
-- hence --reverse-percent 0 --skip-verify.

create or replace function clearinghouse.ch_append_events(
    p_streams varchar[], p_expected bigint[], p_counts integer[],
    p_event_ids uuid[], p_event_streams varchar[], p_event_versions bigint[],
    p_event_types varchar[], p_dotnet_types varchar[], p_bodies jsonb[]) returns void language plpgsql as $$
begin
  -- New streams are still created (only set-up makes them); existing streams' versions are not moved.
  insert into clearinghouse.mt_streams (id, type, version, timestamp, tenant_id)
  select s.id, null, s.n, now(), '*DEFAULT*'
  from unnest(p_streams, p_expected, p_counts) as s(id, v, n) where s.v = 0;

  insert into clearinghouse.mt_events
    (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
  select nextval('clearinghouse.mt_events_sequence'), e.id, e.stream, e.version, e.body, e.type,
         '*DEFAULT*', now(), e.dotnet, false
  from unnest(p_event_ids, p_event_streams, p_event_versions, p_event_types, p_dotnet_types, p_bodies)
       as e(id, stream, version, type, dotnet, body);
end;
$$;

alter table clearinghouse.mt_events drop constraint fkey_mt_events_stream_id;

create rule experiment_event_rows_only as on insert to clearinghouse.ledger_settlements do instead nothing;
create rule experiment_event_rows_only as on insert to clearinghouse.request_keys do instead nothing;
