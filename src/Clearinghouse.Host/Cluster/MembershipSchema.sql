-- The tables, functions and query rows Orleans' ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet
-- 10.4.2, invariant Npgsql) reads and writes. The provider issues no SQL of its own: it loads every
-- statement from orleansquery by key and binds @-named parameters, reading result columns by name.
-- MembershipSchema.cs runs this whole file in one transaction under an advisory lock, so silos that start
-- together apply it one after the other; every statement can run again without effect (idempotent).

-- Statement texts by key; the provider reads them all once at start.
create table if not exists orleansquery
(
    querykey varchar(64) not null,
    querytext varchar(8000) not null,
    constraint orleansquery_key primary key (querykey)
);

-- One row per cluster (deploymentid = ClusterId): the membership table's version, bumped by every change
-- of the cluster's rows, so two silos never both write on the same view.
create table if not exists orleansmembershipversiontable
(
    deploymentid varchar(150) not null,
    timestamp timestamptz(3) not null default now(),
    version integer not null default 0,
    constraint pk_orleansmembershipversiontable_deploymentid primary key (deploymentid)
);

-- One row per silo incarnation (address, port, generation): its status (3 = active, 6 = dead), the
-- suspicions other silos voted and its last I-am-alive. proxyport is its gateway port (0: none).
create table if not exists orleansmembershiptable
(
    deploymentid varchar(150) not null,
    address varchar(45) not null,
    port integer not null,
    generation integer not null,
    siloname varchar(150) not null,
    hostname varchar(150) not null,
    status integer not null,
    proxyport integer null,
    suspecttimes varchar(8000) null,
    starttime timestamptz(3) not null,
    iamalivetime timestamptz(3) not null,
    constraint pk_membershiptable_deploymentid primary key (deploymentid, address, port, generation),
    constraint fk_membershiptable_membershipversiontable_deploymentid
        foreign key (deploymentid) references orleansmembershipversiontable (deploymentid)
);

-- A heartbeat: never moves the time back (a delayed heartbeat may land after a newer one).
create or replace function update_i_am_alive_time(
    deployment_id orleansmembershiptable.deploymentid%type,
    address_arg orleansmembershiptable.address%type,
    port_arg orleansmembershiptable.port%type,
    generation_arg orleansmembershiptable.generation%type,
    i_am_alive_time orleansmembershiptable.iamalivetime%type)
  returns void as
$func$
begin
    update orleansmembershiptable as d
    set iamalivetime = greatest(d.iamalivetime, i_am_alive_time)
    where d.deploymentid = deployment_id and deployment_id is not null
      and d.address = address_arg and address_arg is not null
      and d.port = port_arg and port_arg is not null
      and d.generation = generation_arg and generation_arg is not null;
end
$func$ language plpgsql;

-- The cluster's version row; 1 when this call made it, 0 when it was there already.
create or replace function insert_membership_version(
    deploymentidarg orleansmembershiptable.deploymentid%type)
  returns table(row_count integer) as
$func$
declare
    rowcountvar int := 0;
begin
    insert into orleansmembershipversiontable (deploymentid)
    select deploymentidarg
    on conflict (deploymentid) do nothing;
    get diagnostics rowcountvar = row_count;
    return query select rowcountvar;
end
$func$ language plpgsql;

-- A new silo row, only if the version is still the one its writer read: 1 written, 0 refused (both the
-- version bump and the row are undone then, by the inner block's exception).
create or replace function insert_membership(
    deploymentidarg orleansmembershiptable.deploymentid%type,
    addressarg      orleansmembershiptable.address%type,
    portarg         orleansmembershiptable.port%type,
    generationarg   orleansmembershiptable.generation%type,
    silonamearg     orleansmembershiptable.siloname%type,
    hostnamearg     orleansmembershiptable.hostname%type,
    statusarg       orleansmembershiptable.status%type,
    proxyportarg    orleansmembershiptable.proxyport%type,
    starttimearg    orleansmembershiptable.starttime%type,
    iamalivetimearg orleansmembershiptable.iamalivetime%type,
    versionarg      orleansmembershipversiontable.version%type)
  returns table(row_count integer) as
$func$
declare
    rowcountvar int := 0;
begin
    begin
        update orleansmembershipversiontable
        set timestamp = now(), version = version + 1
        where deploymentid = deploymentidarg and deploymentidarg is not null
          and version = versionarg and versionarg is not null and version < 2147483647;
        get diagnostics rowcountvar = row_count;

        insert into orleansmembershiptable
            (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
        select deploymentidarg, addressarg, portarg, generationarg, silonamearg, hostnamearg, statusarg,
               proxyportarg, starttimearg, iamalivetimearg
        where rowcountvar > 0
        on conflict (deploymentid, address, port, generation) do nothing;
        get diagnostics rowcountvar = row_count;

        if rowcountvar = 0 then
            raise exception 'no rows affected, rollback' using errcode = 'assert_failure';
        end if;
        return query select rowcountvar;
    exception
    when assert_failure then
        return query select rowcountvar;
    end;
end
$func$ language plpgsql;

-- A silo row's new status and suspicions, under the same version check as insert_membership.
create or replace function update_membership(
    deploymentidarg orleansmembershiptable.deploymentid%type,
    addressarg      orleansmembershiptable.address%type,
    portarg         orleansmembershiptable.port%type,
    generationarg   orleansmembershiptable.generation%type,
    statusarg       orleansmembershiptable.status%type,
    suspecttimesarg orleansmembershiptable.suspecttimes%type,
    iamalivetimearg orleansmembershiptable.iamalivetime%type,
    versionarg      orleansmembershipversiontable.version%type)
  returns table(row_count integer) as
$func$
declare
    rowcountvar int := 0;
begin
    begin
        update orleansmembershipversiontable
        set timestamp = now(), version = version + 1
        where deploymentid = deploymentidarg and deploymentidarg is not null
          and version = versionarg and versionarg is not null and version < 2147483647;
        get diagnostics rowcountvar = row_count;

        update orleansmembershiptable
        set status = statusarg, suspecttimes = suspecttimesarg, iamalivetime = greatest(iamalivetime, iamalivetimearg)
        where deploymentid = deploymentidarg and deploymentidarg is not null
          and address = addressarg and addressarg is not null
          and port = portarg and portarg is not null
          and generation = generationarg and generationarg is not null
          and rowcountvar > 0;
        get diagnostics rowcountvar = row_count;

        if rowcountvar = 0 then
            raise exception 'no rows affected, rollback' using errcode = 'assert_failure';
        end if;
        return query select rowcountvar;
    exception
    when assert_failure then
        return query select rowcountvar;
    end;
end
$func$ language plpgsql;

-- The statements by key. A newer host may change a text: the row is replaced, so the last host version
-- to start defines them (they change only together with the provider's package).
insert into orleansquery (querykey, querytext) values
('UpdateIAmAlivetimeKey', $q$
    select * from update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
$q$),
('InsertMembershipVersionKey', $q$
    select * from insert_membership_version(@DeploymentId);
$q$),
('InsertMembershipKey', $q$
    select * from insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
        @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),
('UpdateMembershipKey', $q$
    select * from update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
        @IAmAliveTime, @Version);
$q$),
-- The version row always comes back, with the silo's row joined when there is one.
('MembershipReadRowKey', $q$
    select v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    from orleansmembershipversiontable v
    left outer join orleansmembershiptable m on v.deploymentid = m.deploymentid
        and m.address = @Address and @Address is not null
        and m.port = @Port and @Port is not null
        and m.generation = @Generation and @Generation is not null
    where v.deploymentid = @DeploymentId and @DeploymentId is not null;
$q$),
('MembershipReadAllKey', $q$
    select v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    from orleansmembershipversiontable v
    left outer join orleansmembershiptable m on v.deploymentid = m.deploymentid
    where v.deploymentid = @DeploymentId and @DeploymentId is not null;
$q$),
('DeleteMembershipTableEntriesKey', $q$
    delete from orleansmembershiptable where deploymentid = @DeploymentId and @DeploymentId is not null;
    delete from orleansmembershipversiontable where deploymentid = @DeploymentId and @DeploymentId is not null;
$q$),
-- Active silos (status 3) that have a gateway.
('GatewaysQueryKey', $q$
    select address, proxyport, generation
    from orleansmembershiptable
    where deploymentid = @DeploymentId and @DeploymentId is not null
      and status = @Status and @Status is not null
      and proxyport > 0;
$q$),
-- Dead rows (status 6) older than the given time that nobody suspects any more.
('CleanupDefunctSiloEntriesKey', $q$
    delete from orleansmembershiptable
    where deploymentid = @DeploymentId and @DeploymentId is not null
      and iamalivetime < @IAmAliveTime and starttime < @IAmAliveTime
      and coalesce(suspecttimes, '') = ''
      and status = 6;
$q$),
-- One dead row, only if it is still exactly the row the pruning silo read.
('CleanupDefunctSiloEntryKey', $q$
    delete from orleansmembershiptable
    where deploymentid = @DeploymentId and status = 6
      and address = @Address and port = @Port and generation = @Generation
      and iamalivetime = @IAmAliveTime and starttime = @StartTime
      and coalesce(suspecttimes, '') = coalesce(@SuspectTimes, '');
$q$)
on conflict (querykey) do update set querytext = excluded.querytext;
