using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Connections.Features;

namespace Clearinghouse.Host.Identity;

/// <summary>
/// The default scheme: the certificate authentication's result, kept on the TLS connection. A connection's
/// client certificate cannot change (HTTP/2 forbids renegotiation), yet the certificate handler builds and
/// checks the chain again on every request; here the first request of a connection pays for that and every
/// later call on it (thousands a second on a platform's few connections) reads the kept result.
/// </summary>
public sealed class ConnectionAuthenticationHandler : IAuthenticationHandler
{
    public const string Scheme = "ClearinghouseConnection";
    private static readonly object Key = new();
    private HttpContext? _context;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        var context = _context!;
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null)
        {
            return await context.AuthenticateAsync(CertificateAuthenticationDefaults.AuthenticationScheme);
        }
        // HTTP/2 runs a connection's requests concurrently and the items are a plain dictionary: under its lock.
        // Two first requests racing may both validate; either result is the same.
        lock (items)
        {
            if (items.TryGetValue(Key, out var kept) && kept is AuthenticateResult result)
            {
                return result;
            }
        }
        var validated = await context.AuthenticateAsync(CertificateAuthenticationDefaults.AuthenticationScheme);
        lock (items)
        {
            items[Key] = validated;
        }
        return validated;
    }

    // The refusal itself is written by GrpcRefusals (a gRPC status, not an HTTP one).
    public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

    public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
}
