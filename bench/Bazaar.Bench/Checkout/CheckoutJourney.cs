using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Bench.Shop;

namespace Bazaar.Bench.Checkout;

/// <summary>
/// One checkout end to end: POST /api/orders with a fresh Idempotency-Key, then GET /api/orders/{id} until the order is
/// processing (paid, stock committed), at waits that grow from the poll interval to its maximum, as a client backs off:
/// polling a slow order every 10 ms would make the readers, not the checkouts, the load that is measured.
/// Some checkouts are POSTed again with the same key, alongside the polling, as a client retrying after a lost answer
/// would; they must get the same order back.
/// </summary>
public sealed class CheckoutJourney(HttpClient http, byte[] body, CheckoutSettings settings, CheckoutTally tally)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    /// <summary>Latency counts from <c>startedAt</c>, when the checkout was due (a <see cref="Stopwatch"/> timestamp).</summary>
    public async Task RunAsync(Session customer, long startedAt, CancellationToken cancellationToken)
    {
        tally.Started();
        try
        {
            await CheckOutAsync(customer, startedAt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            tally.Failed("interrupted");
        }
        catch (Exception ex)
        {
            tally.Failed($"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            tally.Finished();
        }
    }

    private async Task CheckOutAsync(Session customer, long startedAt, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var (order, error) = await PostAsync(customer, key, cancellationToken);
        if (order is null)
        {
            tally.Failed(error!);
            return;
        }
        tally.Created(order.Id);

        var retry = Random.Shared.NextDouble() < settings.RetryShare ? RetryAsync(customer, key, order.Id, cancellationToken) : null;
        var (latency, waitError) = await WaitForProcessingAsync(customer, order.Id, startedAt, cancellationToken);
        var retryError = retry is null ? null : await retry;
        if (retryError is not null)
        {
            tally.Failed(retryError);
        }
        else if (latency is { } completed)
        {
            tally.Completed(completed);
        }
        else
        {
            tally.Failed(waitError!);
        }
    }

    private async Task<(OrderView? Order, string? Error)> PostAsync(Session customer, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await customer.AccessTokenAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                tally.WasThrottled();
            }
            return (null, $"checkout answered {(int)response.StatusCode}");
        }
        var order = await response.Content.ReadFromJsonAsync<OrderView>(ShopApi.Json, cancellationToken);
        return order is null ? (null, "checkout answered an empty body") : (order, null);
    }

    /// <returns>null when the retry answered the same order; otherwise why it counts as a failure.</returns>
    private async Task<string?> RetryAsync(Session customer, string key, string orderId, CancellationToken cancellationToken)
    {
        var (again, error) = await PostAsync(customer, key, cancellationToken);
        if (again is null)
        {
            return $"idempotent retry: {error}";
        }
        if (again.Id != orderId)
        {
            tally.Created(again.Id);
            tally.Duplicate();
            return "idempotent retry created a second order";
        }
        tally.RetryAnsweredSameOrder();
        return null;
    }

    private async Task<(TimeSpan? Latency, string? Error)> WaitForProcessingAsync(Session customer, string orderId, long startedAt, CancellationToken cancellationToken)
    {
        var lastSeen = OrderStatuses.Pending;
        var wait = settings.PollInterval;
        while (Stopwatch.GetElapsedTime(startedAt) < settings.OrderTimeout)
        {
            await Task.Delay(wait, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(settings.PollMaxInterval.Ticks, wait.Ticks * 3 / 2));
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await customer.AccessTokenAsync(cancellationToken));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                // A read that failed says nothing about the order; the timeout decides.
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    tally.WasThrottled();
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }
                var order = await response.Content.ReadFromJsonAsync<OrderView>(ShopApi.Json, cancellationToken);
                lastSeen = order?.Status ?? lastSeen;
                if (lastSeen == OrderStatuses.Cancelled)
                {
                    return (null, $"cancelled: {order?.CancellationReason}");
                }
                if (OrderStatuses.IsPaid(lastSeen))
                {
                    return (Stopwatch.GetElapsedTime(startedAt), null);
                }
            }
        }
        return (null, $"not processing within {settings.OrderTimeout.TotalSeconds:0} s (last seen {lastSeen})");
    }
}
