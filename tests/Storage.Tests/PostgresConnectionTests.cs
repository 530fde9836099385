using LoftCompare.Storage.Postgres;

namespace LoftCompare.Storage.Tests;

/// <summary>Reading <c>--db</c> for PostgreSQL: a password is refused in every form it could be written, so it is never stored or printed.</summary>
public sealed class PostgresConnectionTests
{
    [Theory]
    [InlineData("postgres://loftcompare:hunter2@db:5432/loftcompare")]
    [InlineData("postgres://loftcompare@db:5432/loftcompare?password=hunter2")]
    [InlineData("postgresql://loftcompare@db/loftcompare?sslmode=require&Password=hunter2")]
    [InlineData("Host=db;Username=loftcompare;Password=hunter2;Database=loftcompare")]
    public void A_password_in_db_is_refused_in_every_form(string db)
    {
        var error = Assert.Throws<LoftCompare.Results.UsageException>(() => PostgresConnection.Parse(db));

        Assert.Contains("--db must not carry a password: put it in PGPASSWORD or a passfile", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void The_name_shown_for_a_database_holds_no_secret()
        => Assert.Equal("postgres://loftcompare@db:5432/loftcompare", PostgresConnection.Parse("postgres://loftcompare@db:5432/loftcompare").Name);
}
