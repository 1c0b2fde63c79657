namespace MotCua.Gateways.Http;

/// <summary>
/// Sits inside the retry layer and writes each try's result into the request's <see cref="AttemptLog"/>.
/// It never retries or changes a result.
/// </summary>
internal sealed class AttemptRecordingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(AttemptLog.Key, out var log);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            log?.Record(FailureClassifier.Classify(response.StatusCode));
            return response;
        }
        catch (Exception e) when (log is not null)
        {
            // A try cut short by the per-try timeout surfaces here as a plain cancellation.
            log.Record(FailureClassifier.Classify(e) ?? (e is OperationCanceledException ? GatewayFailure.Timeout : GatewayFailure.ConnectionLost));
            throw;
        }
    }
}
