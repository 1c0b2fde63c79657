using Npgsql;
using NpgsqlTypes;

namespace MotCua.Storage.Postgres;

/// <summary>Parameters whose value may be null: typed, so PostgreSQL knows the type of a NULL too.</summary>
internal static class NullableParameters
{
    public static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
