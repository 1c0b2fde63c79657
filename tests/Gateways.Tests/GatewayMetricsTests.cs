using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using MotCua.Gateways.Tests.Infrastructure;
using MotCua.Gateways.ViettelPay;

namespace MotCua.Gateways.Tests;

/// <summary>Instruments are process-wide, so these tests run alone: no other test's calls land in their measurements.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayMetricsCollection
{
    public const string Name = "gateway-metrics";
}

/// <summary>The latency histogram and error counter of gateway calls on the <c>MotCua</c> meter.</summary>
[Collection(GatewayMetricsCollection.Name)]
public sealed class GatewayMetricsTests : IDisposable
{
    private const string PaymentJson = """
        {"orderId":"PAY-1","transactionId":"VTP1","transAmount":150000,"status":"PENDING","paymentUrl":"https://viettelpay.test/c/VTP1",
         "refundedAmount":0,"createdAt":"2025-07-01T09:00:00+07:00","paidAt":null}
        """;

    private static readonly ViettelPayCreateOptions Create = new() { OrderId = "PAY-1", Amount = 150_000, Description = "Le phi" };
    private readonly TestGateways gateways = new();
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> measurements = new();

    public GatewayMetricsTests()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "MotCua" && instrument.Name.StartsWith("motcua.gateway.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    private ViettelPayClient Client => gateways.Client<ViettelPayClient>();

    [Fact]
    public async Task ACallThatSucceedsAfterRetriesIsOneSuccessfulMeasurementAndNoError()
    {
        gateways.Network.Answer(HttpStatusCode.ServiceUnavailable).Answer(HttpStatusCode.Created, PaymentJson);

        await Client.CreateAsync(Create);

        var duration = Assert.Single(measurements, m => m.Instrument == "motcua.gateway.duration");
        Assert.Equal("viettelpay", duration.Tags["provider"]);
        Assert.Equal("create", duration.Tags["operation"]);
        Assert.Equal("success", duration.Tags["outcome"]);
        Assert.True(duration.Value > 0);
        Assert.DoesNotContain(measurements, m => m.Instrument == "motcua.gateway.errors");
    }

    [Fact]
    public async Task ARefusedCallIsCountedAsAnErrorWithItsFailure()
    {
        gateways.Network.Answer(HttpStatusCode.BadRequest, """{"errorCode":"invalid_amount","message":"amount"}""");

        await Assert.ThrowsAsync<GatewayException>(() => Client.CreateAsync(Create));

        var error = Assert.Single(measurements, m => m.Instrument == "motcua.gateway.errors");
        Assert.Equal(1, error.Value);
        Assert.Equal(("viettelpay", "create", "rejected"), (error.Tags["provider"], error.Tags["operation"], error.Tags["failure"]));
        Assert.Equal("rejected", Assert.Single(measurements, m => m.Instrument == "motcua.gateway.duration").Tags["outcome"]);
    }

    [Fact]
    public async Task AProviderThatCannotBeReachedIsCountedUnderTheOperationThatFailed()
    {
        gateways.Network.RefuseConnections(10);

        await Assert.ThrowsAsync<GatewayException>(() => Client.GetStatusAsync(new ViettelPayStatusOptions { OrderId = "PAY-1" }));

        var error = Assert.Single(measurements, m => m.Instrument == "motcua.gateway.errors");
        Assert.Equal(("get_status", "unreachable"), (error.Tags["operation"], error.Tags["failure"]));
    }

    public void Dispose()
    {
        listener.Dispose();
        gateways.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        measurements.Enqueue((instrument.Name, value, copy));
    }
}
