namespace Clearinghouse.Host.Telemetry;

/// <summary>
/// Settings under "Clearinghouse:Telemetry" (docs/operations.md). Off by default: a host without them
/// opens no metrics port and makes no spans.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Clearinghouse:Telemetry";

    /// <summary>Collect metrics (and serve them on <see cref="PrometheusPort"/>); traces too when <see cref="Tracing"/> says so.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Port of the Prometheus scrape endpoint (plain HTTP, <c>GET /metrics</c>), a listener of its own apart
    /// from the gRPC endpoint, so a scraper needs no client certificate. 0 picks a free port; below 0, no
    /// scrape endpoint (metrics go only to <see cref="OtlpEndpoint"/>).
    /// </summary>
    public int PrometheusPort { get; set; } = 9464;

    /// <summary>Address the scrape endpoint binds to: loopback unless an operator exposes it.</summary>
    public string PrometheusAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// An OpenTelemetry collector (OTLP over gRPC, e.g. http://127.0.0.1:4317): traces and metrics are sent
    /// there. Unset, nothing is sent anywhere.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Make spans (gRPC call, grain calls, appends and commits, SQL). Unset, spans are made only when they have
    /// somewhere to go: when <see cref="OtlpEndpoint"/> is set.
    /// </summary>
    public bool? Tracing { get; set; }

    public bool TracingEnabled => Enabled && (Tracing ?? !string.IsNullOrWhiteSpace(OtlpEndpoint));

    public bool PrometheusEnabled => Enabled && PrometheusPort >= 0;

    public void Validate()
    {
        if (PrometheusPort > 65_535)
        {
            throw new InvalidOperationException($"{Section}:PrometheusPort must be a port (0..65535, or below 0 for none), got {PrometheusPort}");
        }
        if (!System.Net.IPAddress.TryParse(PrometheusAddress, out _))
        {
            throw new InvalidOperationException($"{Section}:PrometheusAddress must be an IP address, got '{PrometheusAddress}'");
        }
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{Section}:OtlpEndpoint must be an absolute URI such as http://127.0.0.1:4317, got '{OtlpEndpoint}'");
        }
    }
}
