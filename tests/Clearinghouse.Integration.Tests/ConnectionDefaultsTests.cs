using Clearinghouse.Host;
using Npgsql;

namespace Clearinghouse.Integration.Tests;

/// <summary>The host's connection defaults apply only where the operator's connection string is silent.</summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void A_plain_connection_string_gets_statement_preparation_and_no_reset_on_close()
    {
        var settings = new NpgsqlConnectionStringBuilder(ClearinghouseHost.WithConnectionDefaults("Host=127.0.0.1;Port=5432;Username=u"));
        Assert.Equal(100, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal("127.0.0.1", settings.Host);
    }

    [Theory]
    [InlineData("Host=h;No Reset On Close=false")]
    [InlineData("Host=h;NoResetOnClose=false")]
    [InlineData("Host=h;no reset on close=False")]
    public void A_connection_string_that_sets_no_reset_on_close_keeps_its_value(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(ClearinghouseHost.WithConnectionDefaults(connectionString));
        Assert.False(settings.NoResetOnClose);
    }

    [Fact]
    public void A_connection_string_that_sets_max_auto_prepare_keeps_its_value()
    {
        var settings = new NpgsqlConnectionStringBuilder(ClearinghouseHost.WithConnectionDefaults("Host=h;Max Auto Prepare=7"));
        Assert.Equal(7, settings.MaxAutoPrepare);
    }
}
