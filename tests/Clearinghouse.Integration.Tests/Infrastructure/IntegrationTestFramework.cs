using System.Reflection;
using Clearinghouse.Integration.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework(
    "Clearinghouse.Integration.Tests.Infrastructure.IntegrationTestFramework", "Clearinghouse.Integration.Tests")]

namespace Clearinghouse.Integration.Tests.Infrastructure;

/// <summary>
/// xunit 2 has no assembly fixture: this framework runs the usual xunit pipeline and, once every test
/// class has finished (and before the run reports itself finished), disposes the PostgreSQL container
/// that the classes shared. Awaited, unlike a ProcessExit handler, which the test host may cut short.
/// </summary>
public sealed class IntegrationTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(
            IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(
        ITestAssembly testAssembly,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            try
            {
                await TestPostgres.DisposeContainerAsync();
            }
            catch (Exception e)
            {
                // The run's verdict stands; ops/test.sh removes a container left behind.
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage($"could not dispose the PostgreSQL container: {e.Message}"));
            }
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
