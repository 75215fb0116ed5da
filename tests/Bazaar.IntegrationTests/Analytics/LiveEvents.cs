using System.Collections.Concurrent;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Bazaar.IntegrationTests.Infrastructure;

namespace Bazaar.IntegrationTests.Analytics;

/// <summary>A client of <c>GET /api/analytics/stream</c> that keeps every event it receives.</summary>
public sealed class LiveEvents : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Type, JsonElement Data)> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;

    private LiveEvents(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    /// <summary>Returns once the stream has answered, so events stored from then on are received.</summary>
    public static async Task<LiveEvents> OpenAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/analytics/stream", HttpCompletionOption.ResponseHeadersRead);
        await response.EnsureStatusAsync(HttpStatusCode.OK);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new InvalidOperationException($"The stream answered {response.Content.Headers.ContentType}.");
        }
        return new LiveEvents(response);
    }

    public IReadOnlyList<JsonElement> Windows() => [.. _received.Where(e => e.Type == "window").Select(e => e.Data)];

    public IReadOnlyList<JsonElement> Anomalies() => [.. _received.Where(e => e.Type == "anomaly").Select(e => e.Data)];

    private async Task ReadAsync()
    {
        await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
        {
            _received.Enqueue((item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        _response.Dispose();
        _stop.Dispose();
    }
}
