using System.Collections.Immutable;
using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Persons;
using Clearinghouse.Grains.Abstractions;
using Grpc.Core;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>
/// AccountService: every account answered by the grain that keeps it. Prepayment and clearing accounts: the clearing
/// grain (their only writer); a personal account: the person's grain; a region's fund (pooled, serious-illness, assistance): the fund's grain, keyed by the account id.
/// </summary>
public sealed class AccountGrpcService(IGrainFactory grains, PersonReferences persons) : V1.AccountService.AccountServiceBase
{
    private const int DefaultEntryPageSize = 100;
    private const int MaxEntryPageSize = 1_000;

    public override async Task<V1.Account> GetAccount(V1.GetAccountRequest request, ServerCallContext context)
    {
        var id = Parse(request.AccountId);
        var holder = await HolderOf(id, context);
        var view = await holder.GetAccount(id) ?? throw NotFound(id);
        return new V1.Account
        {
            AccountId = view.AccountId,
            BalanceFen = view.BalanceFen,
            AsOf = view.AsOf is { } asOf ? WireMapping.Instant(asOf) : "",
            EntryCount = view.EntryCount,
            UnbookedFen = view.UnbookedFen,
            UnbookedCount = view.UnbookedCount,
        };
    }

    public override async Task<V1.ListAccountEntriesResponse> ListAccountEntries(V1.ListAccountEntriesRequest request, ServerCallContext context)
    {
        var id = Parse(request.AccountId);
        var from = OptionalInstant(request.From, "from");
        var to = OptionalInstant(request.To, "to");
        if (from is { } f && to is { } t && f >= t)
        {
            throw RejectedException.InvalidArgument("from must be earlier than to");
        }
        var pageSize = request.PageSize switch
        {
            0 => DefaultEntryPageSize,
            > 0 and <= MaxEntryPageSize => request.PageSize,
            _ => throw RejectedException.InvalidArgument($"page_size must be within 0..{MaxEntryPageSize}, got {request.PageSize}"),
        };
        var after = SequencePageToken.Decode(request.PageToken);
        var holder = await HolderOf(id, context);
        // One entry more than the page tells whether there is a next page.
        var entries = await holder.ListEntries(id, new EntryWindow(from, to, after, pageSize + 1));
        var page = entries.Length > pageSize ? entries[..pageSize] : entries;
        var response = new V1.ListAccountEntriesResponse
        {
            NextPageToken = SequencePageToken.Encode(entries.Length > pageSize ? page[^1].Sequence : null),
        };
        response.Entries.AddRange(page.Select(ToWire));
        return response;
    }

    private static AccountId Parse(string text) =>
        AccountId.TryParse(text, out var error) ?? throw RejectedException.InvalidArgument($"account_id: {error}");

    /// <summary>The grain that keeps the account, once the owner is known to exist and the caller may read it.</summary>
    private async Task<IAccountHolder> HolderOf(AccountId id, ServerCallContext context)
    {
        switch (id.Kind)
        {
            case AccountKind.Prepayment:
                await RequireRegion(id.Owner);
                return grains.GetGrain<IClearingGrain>(IClearingGrain.Key);
            case AccountKind.Clearing:
                return grains.GetGrain<IClearingGrain>(IClearingGrain.Key);
            case AccountKind.Pooled or AccountKind.SeriousIllness or AccountKind.Assistance:
                await RequireRegion(id.Owner);
                return grains.GetGrain<IFundAccountGrain>(id.ToString());
            case AccountKind.Personal:
                var person = persons.Get(Identifier(id.Owner, "account_id's person id"));
                var snapshot = await person.Get(0) ?? throw NotFound(id);
                // The interceptor cannot tell a person's region from the id: officers, or the insured region's agency.
                CallerAccess.RequireParty(context, $"account {id}", snapshot.InsuredRegionCode);
                if (snapshot.Scheme != Scheme.Employee)
                {
                    throw RejectedException.NotFound($"account {id} does not exist: person {id.Owner} is in the {snapshot.Scheme.ToString().ToLowerInvariant()} scheme, which has no personal account");
                }
                return person;
            default:
                throw new InvariantViolationException($"no account kind {id.Kind}");
        }
    }

    private async Task RequireRegion(string region)
    {
        if (await grains.GetGrain<IRegionGrain>(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }
    }

    private static RejectedException NotFound(AccountId id) =>
        RejectedException.NotFound(id.Kind == AccountKind.Personal ? $"person {id.Owner} not found" : $"account {id} not found");

    private static V1.AccountEntry ToWire(AccountEntry entry) => new()
    {
        Sequence = entry.Sequence,
        Cause = (V1.EntryCause)(int)entry.Cause,
        CauseId = entry.CauseId,
        AmountFen = entry.AmountFen,
        BalanceAfterFen = entry.BalanceAfterFen,
        Actor = entry.Actor,
        BookedAt = WireMapping.Instant(entry.BookedAt),
        BankReference = entry.BankReference,
        MovementCount = entry.MovementCount,
    };
}
