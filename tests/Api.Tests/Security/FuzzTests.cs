using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace MotCua.Api.Tests.Security;

/// <summary>
/// Sends at least 10,000 generated hostile requests across every route of <see cref="RouteTable"/>. Every request
/// is built to be refused (a missing, unknown, revoked or wrong key, a key outside its binding, a bad Idempotency-Key,
/// malformed or truncated JSON, wrong types, invalid values, odd paths, wrong content types or methods, huge bodies),
/// so a success on a POST is itself a failure. Then: no 5xx, every error a problem+json with a code, each attack's
/// status as expected, and the ledger, fixture dossiers, payment, wallet, channels, agency lists and keys unchanged.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class FuzzTests(SecurityFixture fixture, ITestOutputHelper output)
{
    private const int Requests = 10_000;
    private const int Workers = 8;

    private enum Attack
    {
        NoKey,
        BadKey,
        WrongRole,
        Binding,
        IdempotencyHeader,
        MalformedJson,
        WrongType,
        InvalidField,
        ContentType,
        PathValue,
        WrongMethod,
        HugeBody,
        Query,
    }

    [Fact]
    public async Task TenThousandHostileRequestsGetNo5xxOnlyProblemsAndChangeNothing()
    {
        var seed = Environment.GetEnvironmentVariable("MOTCUA_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (set MOTCUA_FUZZ_SEED={seed} to replay)");
        await fixture.AwaitIndexedAsync();
        var before = await fixture.SnapshotAsync();
        var failures = new List<string>();
        var counts = new int[Enum.GetValues<Attack>().Length];
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, _) =>
        {
            var random = new Random(HashCode.Combine(seed, i));
            var (attack, request, expected) = Generate(random);
            Interlocked.Increment(ref counts[(int)attack]);
            using var response = await fixture.Factory.ClientFor(null).SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            var problem = Check(request, response, status, text, expected);
            if (problem is not null)
            {
                lock (failures)
                {
                    failures.Add($"#{i} {attack} {request.Method} {request.RequestUri}: {problem}");
                }
            }
        });

        var after = await fixture.SnapshotAsync();
        output.WriteLine($"{Requests} requests in {clock.Elapsed.TotalSeconds:F1} s; attacks: "
            + string.Join(", ", Enum.GetValues<Attack>().Select(a => $"{a} {counts[(int)a]}"))
            + "; statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} bad answers, e.g.\n" + string.Join("\n", failures.Take(15)));
        Assert.True(before == after, $"seed {seed}: the state changed.\nbefore:\n{before}\nafter:\n{after}");
    }

    private static string? Check(HttpRequestMessage request, HttpResponseMessage response, int status, string text, int[]? expected)
    {
        if (status >= 500)
        {
            return $"{status} {text}";
        }

        if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{status} with content type {response.Content.Headers.ContentType}: {text}";
            }

            try
            {
                if (JsonNode.Parse(text)?["code"]?.GetValue<string>() is not { Length: > 0 })
                {
                    return $"{status} problem without a code: {text}";
                }
            }
            catch (JsonException)
            {
                return $"{status} problem that is not JSON: {text}";
            }
        }
        else if (request.Method == HttpMethod.Post)
        {
            return $"a hostile POST succeeded: {status} {text}";
        }

        if (expected is not null && !expected.Contains(status))
        {
            return $"expected {string.Join("/", expected)}, got {status}: {text[..Math.Min(300, text.Length)]}";
        }

        return null;
    }

    private (Attack, HttpRequestMessage, int[]?) Generate(Random random)
    {
        var route = RouteTable.All[random.Next(RouteTable.All.Count)];
        var attacks = new List<Attack> { Attack.NoKey, Attack.BadKey, Attack.WrongMethod };
        if (route.Roles.Length < RouteTable.AllRoles.Length)
        {
            attacks.Add(Attack.WrongRole);
        }

        if (route.Binding is not null)
        {
            attacks.Add(Attack.Binding);
        }

        if (route.ParameterCount > 0)
        {
            attacks.Add(Attack.PathValue);
        }

        if (route.Query is not null)
        {
            attacks.Add(Attack.Query);
        }

        if (route.IsPost)
        {
            attacks.AddRange([Attack.IdempotencyHeader, Attack.MalformedJson, Attack.ContentType, Attack.HugeBody]);
            if (route.Fields is { Length: > 0 })
            {
                attacks.AddRange([Attack.WrongType, Attack.InvalidField, Attack.InvalidField]);
            }
        }

        var attack = attacks[random.Next(attacks.Count)];
        var key = RouteTable.KeyFor(route.Roles[random.Next(route.Roles.Length)]);
        var args = route.Args(fixture);
        var query = route.Query;
        var method = route.Method;
        string? body = route.Body?.Invoke(fixture).ToJsonString();
        var contentType = "application/json";
        var idempotency = new List<string> { Guid.NewGuid().ToString() };
        var authorization = new List<string> { "Bearer " + key };
        int[]? expected;
        switch (attack)
        {
            case Attack.NoKey:
                authorization.Clear();
                expected = [401];
                break;
            case Attack.BadKey:
                authorization = BadAuthorization(random, key);
                expected = [401];
                break;
            case Attack.WrongRole:
                var others = RouteTable.AllRoles.Except(route.Roles).ToArray();
                authorization = ["Bearer " + RouteTable.KeyFor(others[random.Next(others.Length)])];
                expected = [403];
                break;
            case Attack.Binding:
                var binding = route.Binding!(fixture);
                authorization = ["Bearer " + binding.Key];
                args = binding.Args;
                query = binding.Query ?? query;
                expected = [403];
                break;
            case Attack.IdempotencyHeader:
                idempotency = Pick<List<string>>(random, [[], ["a", "b"], [new string('k', 256)], ["tab\tkey"], [""]]);
                expected = [400];
                break;
            case Attack.MalformedJson:
                body = Malformed(random, body ?? "{}");
                expected = [400];
                break;
            case Attack.WrongType:
                var typed = route.Fields![random.Next(route.Fields.Length)];
                body = Spoil(random, route, WrongType(random, typed.Kind is FieldKind.Amount or FieldKind.Score), typed);
                expected = [400];
                break;
            case Attack.InvalidField:
                var field = route.Fields![random.Next(route.Fields.Length)];
                body = Spoil(random, route, InvalidValue(random, field), field);
                expected = [400];
                break;
            case Attack.ContentType:
                contentType = Pick(random, ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]);
                expected = [415, 400];
                break;
            case Attack.PathValue:
                args = [.. args];
                args[random.Next(args.Length)] = HostileString(random);
                expected = route.IsPost ? [400, 404, 405] : [400, 404, 405, 403];
                break;
            case Attack.WrongMethod:
                method = Pick(random, ["PUT", "DELETE", "PATCH", route.IsPost ? "GET" : "POST"]);
                expected = null;
                break;
            case Attack.HugeBody:
                body = "{\"reason\":\"" + new string('a', 70_000 + random.Next(200_000)) + "\"}";
                expected = [413];
                break;
            default:
                query = Pick(random, ["agency=sxd", "agency=SXD&page=-1", "pageSize=1000&agency=SXD", "status=nope&agency=SXD",
                    "overdue=maybe&agency=SXD", "date=2026-02-30", "date=1999-01-01", "date=2026-11-23&hour=24", "date=2026-11-23&limit=0",
                    "date=2026-11-23&keyId=%3Cscript%3E", "date=2026-11-23&outcome=win", "agency=" + Uri.EscapeDataString(HostileString(random))]);
                expected = route.Template == "/v1/dossiers" || route.Template == "/v1/audit" ? [400] : null;
                if (route.Template == "/v1/dossiers" && query.StartsWith("date", StringComparison.Ordinal))
                {
                    expected = null;
                }

                if (route.Template == "/v1/audit" && !query.StartsWith("date", StringComparison.Ordinal))
                {
                    expected = [400];
                }

                break;
        }

        var request = new HttpRequestMessage(new HttpMethod(method), route.PathWith(args) + (query is null ? "" : "?" + query));
        foreach (var value in authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }

        if (method == "POST" || attack == Attack.WrongMethod)
        {
            if (idempotency.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotency);
            }

            if (body is not null && method != "GET")
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return (attack, request, expected);
    }

    private List<string> BadAuthorization(Random random, string key) => random.Next(9) switch
    {
        0 => ["Bearer not-a-key"],
        1 => ["Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("dev-portal:x"))],
        2 => ["Bearer " + key, "Bearer " + key],
        3 => ["Bearer "],
        4 => ["Bearer " + new string('x', 600)],
        5 => ["Bearer " + fixture.RevokedKey],
        6 => ["Bearer mc1_k" + new string('a', 20) + "_" + Convert.ToHexStringLower(RandomBytes(random, 32))],
        7 => ["Bearer " + key.ToUpperInvariant() + "x"],
        _ => ["Bearer " + key + " extra"],
    };

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static string Malformed(Random random, string valid) => random.Next(7) switch
    {
        0 => valid[..Math.Max(1, random.Next(valid.Length - 1))],
        1 => "[]",
        2 => new string('[', 200) + new string(']', 200),
        3 => "{\"reason\":\"\\ud800" + "\"",
        4 => Encoding.Latin1.GetString(RandomBytes(random, 1 + random.Next(64))).Replace("{", "", StringComparison.Ordinal) + "}",
        5 => "{'reason': 'single quotes'}",
        _ => valid.Replace("\"", "", StringComparison.Ordinal),
    };

    /// <summary>A JSON value of the wrong type: never a number for a numeric field (a whole number would be valid).</summary>
    private static JsonNode? WrongType(Random random, bool numeric) => random.Next(numeric ? 4 : 5) switch
    {
        0 => new JsonObject { ["x"] = 1 },
        1 => new JsonArray(1, 2, 3),
        2 => JsonValue.Create(true),
        3 => numeric ? JsonValue.Create("mười nghìn") : JsonValue.Create(1.5e300),
        _ => JsonValue.Create(12345),
    };

    /// <summary>A value certainly invalid for this field, whether or not the field is required.</summary>
    private static JsonNode? InvalidValue(Random random, FieldSpec field)
    {
        string[] text = ["ab\u0007cd", "tên\u0000", "x" + LoneSurrogate + "y", "\u202egnp.exe", "a\u200bb", "\ue000priv", "x\uffffy",
            new string('đ', field.MaxLength + 1 + random.Next(field.MaxLength + 1)), "line\r\nbreak"];
        return field.Kind switch
        {
            FieldKind.Text => JsonValue.Create(Pick(random, text)),
            FieldKind.Code => JsonValue.Create(Pick(random, ["sxd", "'; DROP TABLE dossiers;--", "SXĐ", "", "A B", new string('A', 40), "<script>", "-SXD"])),
            FieldKind.CitizenId => JsonValue.Create(Pick(random, ["00108900123", "0010890012345", "00108900123a", "000089001234", "050089001234",
                "099089001234", "", "001 089 001 234"])),
            FieldKind.Amount => Pick<JsonNode?>(random, [JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(long.MinValue),
                JsonValue.Create(100_000_000_001), JsonValue.Create(long.MaxValue), JsonValue.Create(1.5), JsonValue.Create("nhiều"), null,
                JsonNode.Parse("1e30")]),
            FieldKind.Score => Pick<JsonNode?>(random, [JsonValue.Create(0), JsonValue.Create(6), JsonValue.Create(-1), JsonNode.Parse("2147483648"),
                JsonValue.Create(4.5), null]),
            FieldKind.FeeKind => JsonValue.Create(Pick(random, ["FEE", "tax", "", "phí", "fee "])),
            FieldKind.Method => JsonValue.Create(Pick(random, ["bitcoin", "CASH", "", "VietQR", "momo", "cash'--"])),
            FieldKind.DueAt => JsonValue.Create(Pick(random, ["ngày mai", "2026-13-45T17:00:00+07:00", "2026-12-30T17:00:00", "9999-12-30T17:00:00+07:00",
                "", "2026-12-30", "1899-12-30T17:00:00Z"])),
            FieldKind.Reference => JsonValue.Create(Pick(random, ["", "ABC", "' OR 1=1 --", "ÄBCDEFGH", new string('A', 300)])),
            FieldKind.DossierCode => JsonValue.Create(Pick(random, ["", "HN-SEC", "../../x", "hn-sec-261123-0001", "HN-SEC-261123-00001"])),
            FieldKind.KeyRole => JsonValue.Create(Pick(random, ["root", "", "OPERATOR", "system", "admin"])),
            _ => JsonValue.Create(Pick(random, ["vnpost HN", "", "VNPOST:HN-0001", "x:y/z"])),
        };
    }

    private string Spoil(Random random, RouteCase route, JsonNode? value, FieldSpec? field = null)
    {
        var body = route.Body!(fixture);
        field ??= route.Fields![random.Next(route.Fields.Length)];
        var segments = field.Path.Split('.');
        JsonNode node = body;
        foreach (var segment in segments[..^1])
        {
            node = int.TryParse(segment, out var index) ? node[index]! : node[segment]!;
        }

        if (node is JsonArray array)
        {
            array[int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[segments[^1]] = value;
        }

        // A lone surrogate cannot live in a JsonNode (the writer would replace it): it is spliced into the text as an escape.
        return body.ToJsonString().Replace(LoneSurrogate, "\\ud800", StringComparison.Ordinal);
    }

    private const string LoneSurrogate = "LONE-SURROGATE-MARK";

    /// <summary>A path value that matches no id format: injection, traversal-looking, overlong or odd Unicode.</summary>
    private static string HostileString(Random random) => random.Next(10) switch
    {
        0 => "' OR '1'='1",
        1 => "x/../../etc/passwd",
        2 => new string('Z', 300 + random.Next(2000)),
        3 => "<script>alert(1)</script>",
        4 => "\u202eHN-SEC-261123-0001",
        5 => "Ｈ Ｎ",
        6 => "%00",
        7 => "😀😀😀",
        8 => "${jndi:ldap://x}",
        _ => "HN\tSEC",
    };
}
