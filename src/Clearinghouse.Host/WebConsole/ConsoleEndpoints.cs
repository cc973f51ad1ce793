using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Clearinghouse.Host.WebConsole;

/// <summary>
/// The officers' web console (docs/console.md): static pages under /console/ that call the clearinghouse's own
/// gRPC services as JSON (ASP.NET Core's gRPC JSON transcoding, through the same authentication, authorization
/// interceptor and access table as gRPC calls), and one export endpoint that turns the tables a page shows into
/// an Excel workbook.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Path = "/console";
    private const long MaxExportBytes = 32 * 1024 * 1024;

    /// <summary>
    /// The pages, scripts and styles: no data in them, so they are served before authentication (a browser without
    /// a certificate gets the page, which then shows the API's refusal). Same-origin only: no CDN, no inline script.
    /// </summary>
    public static void UseConsoleFiles(this WebApplication app)
    {
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot", "console");
        if (!Directory.Exists(root))
        {
            return;
        }
        var files = new PhysicalFileProvider(root);
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path)
            {
                context.Response.Redirect(Path + "/");
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = file =>
            {
                var headers = file.Context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers[HeaderNames.CacheControl] = "no-cache";
            },
        });
    }

    /// <summary>
    /// POST /console/export.xlsx: the posted tables (as the page shows them, fetched by the same caller through the
    /// API) as a workbook. It reads no data itself, so it needs nothing beyond an authenticated caller (the fallback
    /// policy): what a caller may see was decided when the page fetched it.
    /// </summary>
    public static void MapConsoleExport(this WebApplication app) =>
        app.MapPost(Path + "/export.xlsx", async (HttpContext context) =>
        {
            if (context.Request.ContentLength is > MaxExportBytes)
            {
                return Results.Problem($"an export is at most {MaxExportBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            ConsoleTables? tables;
            try
            {
                tables = await JsonSerializer.DeserializeAsync<ConsoleTables>(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException e)
            {
                return Results.Problem("the export is not a valid table set: " + e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            if (tables?.Sheets is not { Count: > 0 and <= WorkbookWriter.MaxSheets } sheets
                || sheets.Any(s => s?.Columns is null || s.Rows is null || s.Rows.Count > WorkbookWriter.MaxRows))
            {
                return Results.Problem(
                    $"an export has 1..{WorkbookWriter.MaxSheets} tables, each with columns and at most {WorkbookWriter.MaxRows} rows",
                    statusCode: StatusCodes.Status400BadRequest);
            }
            var workbook = new MemoryStream();
            WorkbookWriter.Write(tables, workbook);
            var name = string.IsNullOrWhiteSpace(tables.FileName) ? "clearinghouse" : tables.FileName;
            return Results.File(workbook.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        });
}
