using Clearinghouse.Host;

var app = ClearinghouseHost.Build(args);
await app.RunAsync();

// The entry point's type, so tests can find this assembly.
public partial class Program;
