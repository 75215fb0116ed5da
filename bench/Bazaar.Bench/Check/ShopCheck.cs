using Bazaar.Bench.Reporting;
using Bazaar.Bench.Shop;

namespace Bazaar.Bench.Check;

/// <summary>
/// The bench's own correctness check after a run, through the admin API only: stock never negative, no order stuck
/// pending past its deadlines, every paid order paid exactly once and in full, and no more units sold than left the
/// shelf.
/// </summary>
public sealed class ShopCheck(ShopApi api, Session admin, TimeSpan pendingBound)
{
    private const int PageSize = 100;

    // Reads run a few at a time: enough to check thousands of orders quickly, not so many that the check loads the shop.
    private static readonly ParallelOptions Reads = new() { MaxDegreeOfParallelism = 8 };

    private readonly Findings _findings = new();

    public async Task<CheckResult> RunAsync(string? ordersFile, CancellationToken cancellationToken)
    {
        var stock = await CheckStockAsync(cancellationToken);
        var orders = ordersFile is null ? await AllOrdersAsync(cancellationToken) : await OrdersInFileAsync(ordersFile, cancellationToken);
        CheckPending(orders);
        await CheckPaymentsAsync(orders, cancellationToken);
        await CheckUnitsAsync(orders, stock, cancellationToken);
        return _findings.ToResult();
    }

    public long ViolationCount => _findings.ViolationCount;

    private async Task<Dictionary<string, StockView>> CheckStockAsync(CancellationToken cancellationToken)
    {
        Report.Progress("check: no product's stock below zero");
        var stock = new Dictionary<string, StockView>();
        await foreach (var item in PagesAsync<StockView>("/api/inventory", cancellationToken))
        {
            stock[item.ProductId] = item;
            _findings.Count("products");
            if (item.Available < 0 || item.Reserved < 0)
            {
                _findings.Violation($"product {item.ProductId} has {item.Available} available and {item.Reserved} reserved");
            }
        }
        return stock;
    }

    private async Task<List<OrderView>> AllOrdersAsync(CancellationToken cancellationToken)
    {
        Report.Progress("check: reading every order");
        var orders = new Dictionary<string, OrderView>();
        await foreach (var order in PagesAsync<OrderView>("/api/orders", cancellationToken))
        {
            // Pages are by creation time; one seen twice is paging over a shop still taking orders, not a duplicate.
            orders.TryAdd(order.Id, order);
        }
        return Counted(orders.Values.ToList());
    }

    private async Task<List<OrderView>> OrdersInFileAsync(string path, CancellationToken cancellationToken)
    {
        Report.Progress($"check: reading the orders listed in {path}");
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new SetupException($"cannot read {path}: {ex.Message}", ex);
        }

        // Every line is the order of one checkout (one Idempotency-Key): an id twice is two checkouts given one order.
        var ids = lines.Select(l => l.Trim()).Where(l => l.Length > 0).GroupBy(l => l, StringComparer.Ordinal).ToList();
        foreach (var twice in ids.Where(g => g.Count() > 1))
        {
            _findings.Violation($"order {twice.Key} was answered to {twice.Count()} different checkouts");
        }

        var orders = new List<OrderView>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Reads.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var order = await api.FindAsync<OrderView>($"/api/orders/{Uri.EscapeDataString(id.Key)}", await admin.AccessTokenAsync(ct), ct);
            if (order is null)
            {
                _findings.Violation($"order {id.Key} was created by a checkout but does not exist");
                return;
            }
            lock (orders)
            {
                orders.Add(order);
            }
        });
        return Counted(orders);
    }

    private List<OrderView> Counted(List<OrderView> orders)
    {
        _findings.Count("orders", orders.Count);
        foreach (var byStatus in orders.GroupBy(o => o.Status))
        {
            _findings.Count(byStatus.Key, byStatus.Count());
        }
        return orders;
    }

    private void CheckPending(List<OrderView> orders)
    {
        Report.Progress($"check: no order pending longer than {pendingBound.TotalMinutes:0.#} min");
        var now = DateTimeOffset.UtcNow;
        foreach (var order in orders.Where(o => o.Status == OrderStatuses.Pending))
        {
            var age = now - order.CreatedAt;
            if (age > pendingBound)
            {
                _findings.Violation($"order {order.Id} is still pending {age.TotalMinutes:0.0} min after it was placed");
            }
            else
            {
                // Too young to judge: its deadlines have not passed.
                _findings.Count("pendingWithinBound");
            }
        }
    }

    private async Task CheckPaymentsAsync(List<OrderView> orders, CancellationToken cancellationToken)
    {
        var paid = orders.Where(o => OrderStatuses.IsPaid(o.Status)).ToList();
        Report.Progress($"check: each of {paid.Count} processing, shipped or delivered orders has one captured payment of its total");
        await Parallel.ForEachAsync(paid, new ParallelOptions { MaxDegreeOfParallelism = Reads.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, async (order, ct) =>
        {
            var payment = await api.FindAsync<PaymentView>($"/api/payments/order/{Uri.EscapeDataString(order.Id)}", await admin.AccessTokenAsync(ct), ct);
            _findings.Count("payments");
            if (payment is null)
            {
                _findings.Violation($"{order.Status} order {order.Id} has no payment");
                return;
            }
            if (payment.Status != "captured")
            {
                _findings.Violation($"{order.Status} order {order.Id} has a {payment.Status} payment {payment.Id}");
            }
            if (payment.Amount != order.Total)
            {
                _findings.Violation($"order {order.Id} totals {Show(order.Total)} but payment {payment.Id} took {Show(payment.Amount)}");
            }
            // Payment keeps one payment per order; the order must have noted that one and no other.
            if (order.PaymentId is { } noted && noted != payment.Id)
            {
                _findings.Violation($"order {order.Id} was paid by {noted}, but payment {payment.Id} is recorded for it");
            }
            else if (order.PaymentId is null)
            {
                // Inventory's commit can overtake the payment's news to ordering; it is noted a moment later.
                _findings.Count("paymentNotYetNotedOnOrder");
            }
        });
    }

    /// <summary>
    /// Per product the bench created (its opening stock is known): the units of paid orders cannot exceed what
    /// left the shelf, opening − available − reserved. Units of cancelled paid orders go back on the shelf, so once
    /// every order has settled the two are equal; pending orders' units are still reserved.
    /// </summary>
    private async Task CheckUnitsAsync(List<OrderView> orders, Dictionary<string, StockView> stock, CancellationToken cancellationToken)
    {
        Report.Progress("check: per product, units of paid orders within what left the stock");
        var sold = orders.Where(o => OrderStatuses.IsPaid(o.Status))
            .SelectMany(o => o.Items)
            .GroupBy(l => l.ProductId)
            .ToDictionary(g => g.Key, g => g.Sum(l => (long)l.Quantity));
        var productIds = orders.SelectMany(o => o.Items).Select(l => l.ProductId).Distinct().ToList();
        foreach (var productId in productIds)
        {
            var product = await api.FindAsync<ProductView>($"/api/products/{Uri.EscapeDataString(productId)}", null, cancellationToken);
            if (product is null || BenchProduct.OpeningStockOf(product) is not { } opening)
            {
                _findings.Count("productsWithUnknownOpeningStock");
                continue;
            }
            if (!stock.TryGetValue(productId, out var current))
            {
                _findings.Violation($"product {productId} was ordered but inventory has no stock record for it");
                continue;
            }
            _findings.Count("benchProducts");
            var left = (long)opening - current.Available - current.Reserved;
            var units = sold.GetValueOrDefault(productId);
            Report.Progress($"  {product.Sku}: opened with {opening}, {current.Available} available, {current.Reserved} reserved, {left} left the shelf, {units} in paid orders");
            if (left < 0)
            {
                _findings.Violation($"product {productId} holds {-left} more units than it opened with");
            }
            if (units > left)
            {
                _findings.Violation($"product {productId}: {units} units in paid orders but only {left} left the stock");
            }
        }
    }

    private async IAsyncEnumerable<T> PagesAsync<T>(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var batch = await api.GetAsync<PageOf<T>>($"{path}?page={page}&pageSize={PageSize}", await admin.AccessTokenAsync(cancellationToken), cancellationToken);
            foreach (var item in batch.Items)
            {
                yield return item;
            }
            if (batch.Items.Count < PageSize || page * PageSize >= batch.TotalCount)
            {
                yield break;
            }
        }
    }

    private static string Show(Bazaar.Contracts.Money money) => $"{money.Amount} {money.Currency}";
}
