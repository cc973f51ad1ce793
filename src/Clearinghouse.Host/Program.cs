using Clearinghouse.Host;
using Clearinghouse.Host.Maintenance;

if (args is [RebuildReadModelsCommand.Name, .. var rest])
{
    return await RebuildReadModelsCommand.RunAsync(rest);
}

var app = ClearinghouseHost.Build(args);
await app.RunAsync();
return 0;

// The entry point's type, so tests can find this assembly.
public partial class Program;
