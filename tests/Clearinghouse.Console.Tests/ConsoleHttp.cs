using System.Net.Http.Json;
using System.Text.Json;
using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;

namespace Clearinghouse.Console.Tests;

/// <summary>An HTTP/1.1 client of the host's JSON API (as the console's browser calls it) presenting a caller's certificate.</summary>
public static class ConsoleHttp
{
    public static HttpClient For(RunningHost host, Caller? caller)
    {
        var handler = new SocketsHttpHandler();
        TestCertificates.Instance.ClientFor(caller).Apply(handler.SslOptions);
        return new HttpClient(handler)
        {
            BaseAddress = host.Address,
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The status and the JSON body of a GET.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
