namespace Clearinghouse.Host.Telemetry;

/// <summary>
/// "Clearinghouse:Logging:Json=true" writes the console log as one JSON object a line (Microsoft.Extensions.Logging's
/// JSON formatter: timestamp, level, category, message, the message's named values as fields, and scopes), for a log
/// shipper to read; otherwise the log stays the plain text a person reads.
/// </summary>
public static class JsonLogging
{
    public const string Setting = "Clearinghouse:Logging:Json";

    public static void UseJsonConsoleWhenAsked(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>(Setting))
        {
            return;
        }
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            json.IncludeScopes = true;
        });
    }
}
