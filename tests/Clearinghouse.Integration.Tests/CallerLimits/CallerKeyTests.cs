using System.Net;
using System.Security.Claims;
using Clearinghouse.Api.CallerLimits;
using Clearinghouse.Api.Identity;
using Microsoft.AspNetCore.Http;

namespace Clearinghouse.Integration.Tests.CallerLimits;

/// <summary>The partition a request counts against: its caller when it has one, else its address.</summary>
public sealed class CallerKeyTests
{
    [Fact]
    public void A_request_with_a_caller_counts_against_the_caller_whatever_its_address()
    {
        var identity = new ClaimsIdentity(CallerClaims.For(new Caller(CallerRole.Platform, "11"), "test"), "Certificate");
        var http = new DefaultHttpContext { User = new ClaimsPrincipal(identity) };
        http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        Assert.Equal("platform:11", CallerKey.Of(http));
    }

    [Fact]
    public void A_request_without_a_caller_counts_against_its_remote_address()
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        Assert.Equal("10.1.2.3", CallerKey.Of(http));
    }
}
