using Xunit;

// The integration tests' framework: it disposes the shared PostgreSQL container (when the run made one) once
// every class has finished.
[assembly: TestFramework("Clearinghouse.Integration.Tests.Infrastructure.IntegrationTestFramework", "Clearinghouse.Integration.Tests")]
