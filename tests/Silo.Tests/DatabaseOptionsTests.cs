using Microsoft.Extensions.Configuration;
using MotCua.Silo.Hosting;
using Npgsql;

namespace MotCua.Silo.Tests;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void APooledConnectionIsNotResetAndThePoolIsCappedUnlessTheConnectionStringSaysOtherwise()
    {
        var plain = Resolve("Host=db;Username=motcua;Database=motcua");
        var explicitly = Resolve("Host=db;Username=motcua;Database=motcua;No Reset On Close=false;Maximum Pool Size=7");

        Assert.True(plain.NoResetOnClose);
        Assert.Equal(20, plain.MaxPoolSize);
        Assert.False(explicitly.NoResetOnClose);
        Assert.Equal(7, explicitly.MaxPoolSize);
        Assert.Null(DatabaseOptions.ResolveConnectionString(new ConfigurationBuilder().Build(), 20));
    }

    private static NpgsqlConnectionStringBuilder Resolve(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MotCua"] = connectionString })
            .Build();
        return new NpgsqlConnectionStringBuilder(DatabaseOptions.ResolveConnectionString(configuration, 20));
    }
}
