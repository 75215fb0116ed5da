using System.Text.Json;
using Bazaar.BuildingBlocks.Messaging;
using Bazaar.BuildingBlocks.Persistence;
using StackExchange.Redis;

namespace Bazaar.Cart.Carts;

/// <summary>
/// Carts in Redis, one key per cart holding its JSON: a user's cart under the user id, an anonymous cart under its
/// own id with a time to live of <see cref="CartOptions.AnonymousCartLifetime"/>, renewed by every change, so
/// Redis forgets an untouched one without a sweep. A save is a transaction that goes through only if the key
/// still holds what was read (the document carries the cart's version), so two tabs cannot lose each other's items.
/// </summary>
public sealed class RedisCartStore(IConnectionMultiplexer redis, CartOptions options, MessagingOptions messaging) : CartStore
{
    private const string Prefix = "bazaar:cart:";

    // What each cart looked like when this request read it; a cart absent here is new.
    private readonly Dictionary<ShoppingCart, RedisValue> _read = new(ReferenceEqualityComparer.Instance);

    private IDatabase Database => redis.GetDatabase();

    public static RedisKey KeyOf(ShoppingCart cart) => cart.UserId is null ? $"{Prefix}anonymous:{cart.Id}" : UserKey(cart.UserId);

    public static RedisKey UserKey(string userId) => $"{Prefix}user:{userId}";

    public override Task<ShoppingCart?> FindAnonymousAsync(string cartId, CancellationToken cancellationToken) =>
        ReadAsync($"{Prefix}anonymous:{cartId}");

    public override Task<ShoppingCart?> FindForUserAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(UserKey(userId));

    public override async Task SaveAsync(ShoppingCart cart, ShoppingCart? mergedAway, CancellationToken cancellationToken)
    {
        var transaction = Database.CreateTransaction();
        var written = Write(transaction, cart);
        if (mergedAway is not null)
        {
            Expect(transaction, mergedAway);
            _ = transaction.KeyDeleteAsync(KeyOf(mergedAway));
        }
        await CommitAsync(transaction);
        _read[cart] = written;
        if (mergedAway is not null)
        {
            _read.Remove(mergedAway);
        }
    }

    public override async Task DeleteAsync(ShoppingCart cart, CancellationToken cancellationToken)
    {
        var transaction = Database.CreateTransaction();
        Expect(transaction, cart);
        _ = transaction.KeyDeleteAsync(KeyOf(cart));
        await CommitAsync(transaction);
        _read.Remove(cart);
    }

    public override Task<T> RetryOnConflictAsync<T>(Func<Task<T>> attempt) =>
        ConcurrencyRetry.RunAsync(attempt, ex => ex is CartChangedConcurrently, _read.Clear);

    /// <summary>
    /// Redis is not part of the inbox transaction, so a redelivery after the cart was written but before the inbox
    /// committed must not apply the change twice: a marker per change id, written with the cart, remembers it for as
    /// long as the inbox remembers events.
    /// </summary>
    public override Task ChangeUserCartOnceAsync(string userId, string changeId, Action<ShoppingCart> change, CancellationToken cancellationToken) =>
        RetryOnConflictAsync(async () =>
        {
            RedisKey applied = $"{Prefix}applied:{changeId}";
            if (await Database.KeyExistsAsync(applied) || await FindForUserAsync(userId, cancellationToken) is not { } cart)
            {
                return true;
            }
            change(cart);
            var transaction = Database.CreateTransaction();
            transaction.AddCondition(Condition.KeyNotExists(applied));
            var written = Write(transaction, cart);
            _ = transaction.StringSetAsync(applied, 1, messaging.Retention);
            await CommitAsync(transaction);
            _read[cart] = written;
            return true;
        });

    private async Task<ShoppingCart?> ReadAsync(RedisKey key)
    {
        var json = await Database.StringGetAsync(key);
        if (json.IsNull)
        {
            return null;
        }
        var cart = JsonSerializer.Deserialize<ShoppingCart>((string)json!, JsonSerializerOptions.Web)!;
        _read[cart] = json;
        return cart;
    }

    private RedisValue Write(ITransaction transaction, ShoppingCart cart)
    {
        Expect(transaction, cart);
        RedisValue json = JsonSerializer.Serialize(cart, JsonSerializerOptions.Web);
        Expiration expiry = cart.UserId is null ? options.AnonymousCartLifetime : Expiration.Default;
        _ = transaction.StringSetAsync(KeyOf(cart), json, expiry);
        return json;
    }

    private void Expect(ITransaction transaction, ShoppingCart cart) =>
        transaction.AddCondition(_read.TryGetValue(cart, out var read)
            ? Condition.StringEqual(KeyOf(cart), read)
            : Condition.KeyNotExists(KeyOf(cart)));

    private static async Task CommitAsync(ITransaction transaction)
    {
        if (!await transaction.ExecuteAsync())
        {
            throw new CartChangedConcurrently();
        }
    }
}

/// <summary>Another request changed the cart between this one's read and its save.</summary>
public sealed class CartChangedConcurrently : Exception
{
    public CartChangedConcurrently() : base("The cart changed since it was read.")
    {
    }

    public CartChangedConcurrently(string message) : base(message)
    {
    }

    public CartChangedConcurrently(string message, Exception innerException) : base(message, innerException)
    {
    }
}
