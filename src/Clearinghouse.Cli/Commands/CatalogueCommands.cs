using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.Cli.Reports;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>
/// A care region's catalogue (就医地目录): publish a version from a CSV file, list the versions, show the item of a
/// code in force on a date. The file is read twice, never held whole: first to check every line and compute the
/// fingerprint (a malformed file is refused before any call, and the default request id is known for the header),
/// then to stream it in batches.
/// </summary>
public static class CatalogueCommands
{
    /// <summary>Items per CatalogueItemBatch message (the server allows up to 10,000).</summary>
    public const int BatchSize = 5_000;

    public static Command Publish(Definer define)
    {
        var region = new Option<string>("--region") { Description = "The care region whose catalogue this is", Required = true };
        var effectiveFrom = new Option<string>("--effective-from")
        {
            Description = "The first service date the version decides, YYYY-MM-DD: not earlier than today (China time), except for the region's first version",
            Required = true,
        };
        var file = new Option<string>("--file") { Description = "The items: UTF-8 CSV, header code,name,category,unit,price_limit (yuan; empty: no limit)", Required = true };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Idempotency key; default catalogue-REGION-DATE-HASH (HASH from the file's items), so running the same file again is a retry",
        };
        var command = new Command("publish-catalogue", "Publish a version of a care region's catalogue (就医地目录) from a CSV file, then print the version.")
        {
            region, effectiveFrom, file, requestId,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var header = new CatalogueHeader { RegionCode = context.RegionCode(region), EffectiveFrom = context.Date(effectiveFrom) };
            var path = context.Value(file);
            var fingerprint = FileUpload.Fingerprint(path, "--file", CatalogueFileReader.Open, scan => scan.ReadToEnd());
            header.RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Catalogue(header.RegionCode, header.EffectiveFrom, fingerprint));
            var version = await PublishAsync(context.Connection, header, path, fingerprint, cancellationToken);
            context.Printer.Print(CatalogueViews.Version(version));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Versions(Definer define)
    {
        var region = new Option<string>("--region") { Description = "The care region", Required = true };
        var command = new Command("catalogue-versions", "List a care region's catalogue versions, oldest first.") { region };
        define.Action(command, async (context, cancellationToken) =>
        {
            var code = context.RegionCode(region);
            var response = await context.Connection.Registry.ListCatalogueVersionsAsync(
                new ListCatalogueVersionsRequest { RegionCode = code }, context.Connection.Call(cancellationToken));
            context.Printer.Print(CatalogueViews.Versions(code, response.Versions));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Item(Definer define)
    {
        var region = new Option<string>("--region") { Description = "The care region", Required = true };
        var code = new Option<string>("--code") { Description = "The item's national code", Required = true };
        var date = new Option<string?>("--date") { Description = "The service date, YYYY-MM-DD; default today (China time)" };
        var command = new Command("catalogue-item", "Show an item of the catalogue version in force in a care region on a date.") { region, code, date };
        define.Action(command, async (context, cancellationToken) =>
        {
            var on = context.Value(date) is null ? TodayInChina() : context.Date(date!);
            var found = await context.Connection.Registry.GetCatalogueItemAsync(
                new GetCatalogueItemRequest { RegionCode = context.RegionCode(region), Code = context.Value(code), Date = on },
                context.Connection.Call(cancellationToken));
            context.Printer.Print(CatalogueViews.Item(found));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string TodayInChina() =>
        DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<CatalogueVersion> PublishAsync(
        Connection connection, CatalogueHeader header, string path, string fingerprint, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = connection.Registry.PublishCatalogue(connection.Call(abandon.Token));
        return await FileUpload.SendAsync(
            call, abandon, new PublishCatalogueRequest { Header = header }, path, () => CatalogueFileReader.Open(path),
            items => new PublishCatalogueRequest { Items = new CatalogueItemBatch { Items = { items } } }, BatchSize, fingerprint, "publish-catalogue");
    }
}
