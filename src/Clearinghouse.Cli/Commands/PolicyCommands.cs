using System.CommandLine;
using Clearinghouse.Cli.Output;
using Clearinghouse.Cli.Reports;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Commands;

/// <summary>An insured region's policy: publish a version from a JSON file (schemes and the optional supervision section).</summary>
public static class PolicyCommands
{
    public static Command Publish(Definer define)
    {
        var region = new Option<string>("--region") { Description = "The insured region whose policy this is", Required = true };
        var effectiveFrom = new Option<string>("--effective-from")
        {
            Description = "The first service date the version decides, YYYY-MM-DD: today (China time) or later, and later than the latest version, except for the region's first version",
            Required = true,
        };
        var file = new Option<string>("--file") { Description = "The policy: clearinghouse.v1.Policy in protobuf JSON (docs/cli.md)", Required = true };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Idempotency key; default policy-REGION-DATE-HASH (HASH from the policy), so running the same file again is a retry",
        };
        var command = new Command("publish-policy", "Publish a version of an insured region's policy from a JSON file, then print the version.")
        {
            region, effectiveFrom, file, requestId,
        };
        define.Action(command, async (context, cancellationToken) =>
        {
            var code = context.RegionCode(region);
            var date = context.Date(effectiveFrom);
            var (policy, fingerprint) = PolicyFileReader.Read(context.Value(file));
            var version = await context.Connection.Registry.PublishPolicyAsync(new PublishPolicyRequest
            {
                RequestId = RequestIds.OrDefault(context.Value(requestId), RequestIds.Policy(code, date, fingerprint)),
                RegionCode = code,
                EffectiveFrom = date,
                Policy = policy,
            }, context.Connection.Call(cancellationToken));
            context.Printer.Print(PolicyViews.Version(version));
            return ExitCodes.Ok;
        });
        return command;
    }
}
