using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Clearinghouse.Api;
using Clearinghouse.Api.Identity;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Clearinghouse.Host.Identity;

/// <summary>
/// Mutual TLS on the gRPC endpoint (docs/identity.md): Kestrel serves HTTPS (HTTP/2, and HTTP/1.1 for browsers) and asks every caller
/// for a certificate; ASP.NET Core's certificate authentication checks it against the configured CA only and
/// turns its SAN URI into the caller's claims; a fallback policy admits only authenticated callers (health and
/// reflection opt out with AllowAnonymous); <see cref="AuthorizationInterceptor"/> then applies the access table.
/// </summary>
public static class CallerAuthentication
{
    /// <summary>
    /// Listens with TLS 1.2/1.3 on the endpoint, with the configured certificate: HTTP/2 for gRPC, HTTP/1.1 as well
    /// for the web console's browser (ALPN picks per connection; gRPC clients ask for h2 and get it).
    /// </summary>
    public static void ListenTls(ListenOptions listen, TlsOptions tls)
    {
        var (certificatePath, keyPath, _) = tls.Required();
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            // Asked for, not required: health and reflection answer without one. Any certificate passes the
            // handshake so that the authentication below, not a dropped connection, answers a bad one
            // (gRPC Unauthenticated with its reason).
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
            CheckCertificateRevocation = false,
            SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        });
    }

    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services, TlsOptions tls)
    {
        var (_, _, caPath) = tls.Required();
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
        services
            .AddAuthentication(authentication =>
            {
                authentication.AddScheme(ConnectionAuthenticationHandler.Scheme, scheme => scheme.HandlerType = typeof(ConnectionAuthenticationHandler));
                authentication.DefaultScheme = ConnectionAuthenticationHandler.Scheme;
            })
            .AddCertificate(certificate =>
            {
                certificate.AllowedCertificateTypes = CertificateTypes.Chained;
                certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
                certificate.CustomTrustStore = [authority];
                certificate.ValidateValidityPeriod = true;
                certificate.ValidateCertificateUse = true;
                certificate.RevocationMode = tls.CheckRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
                certificate.Events = new CertificateAuthenticationEvents { OnCertificateValidated = NameTheCaller };
            });
        services.AddAuthorization(authorization =>
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcRefusals>();
        // First of the interceptors: a call the table refuses reaches nothing else. Only the drain of refused
        // streams wraps it, so a streaming call it refuses still gets its answer intact.
        services.Configure<GrpcServiceOptions>(grpc =>
        {
            var others = grpc.Interceptors.ToList();
            grpc.Interceptors.Clear();
            grpc.Interceptors.Add<RefusedStreamDrainInterceptor>();
            grpc.Interceptors.Add<AuthorizationInterceptor>();
            others.ForEach(grpc.Interceptors.Add);
        });
        return services;
    }

    /// <summary>The chain is trusted: the caller is who the certificate's SAN URI names, or nobody.</summary>
    private static Task NameTheCaller(CertificateValidatedContext context)
    {
        if (CallerName.Of(context.ClientCertificate, out var reason) is { } caller)
        {
            context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
                CallerClaims.For(caller, context.Options.ClaimsIssuer ?? CertificateAuthenticationDefaults.AuthenticationScheme),
                CertificateAuthenticationDefaults.AuthenticationScheme));
            context.Success();
        }
        else
        {
            context.Fail(reason!);
        }
        return Task.CompletedTask;
    }
}
