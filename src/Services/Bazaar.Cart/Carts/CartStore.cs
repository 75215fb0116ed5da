namespace Bazaar.Cart.Carts;

/// <summary>
/// Where carts live: the cart database, or Redis when the distributed shape configures it (chosen at registration).
/// Either way a cart is saved only if nobody changed it since it was read; a conflict starts the step over.
/// Catalog's product copy, the inbox and the outbox stay in the cart database in both cases.
/// </summary>
public abstract class CartStore
{
    public abstract Task<ShoppingCart?> FindAnonymousAsync(string cartId, CancellationToken cancellationToken);

    public abstract Task<ShoppingCart?> FindForUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Saves a new or changed cart; <paramref name="mergedAway"/>, an anonymous cart whose items it took, is deleted in the same step.</summary>
    public abstract Task SaveAsync(ShoppingCart cart, ShoppingCart? mergedAway, CancellationToken cancellationToken);

    public abstract Task DeleteAsync(ShoppingCart cart, CancellationToken cancellationToken);

    /// <summary>Runs a read-change-save step again, from a fresh read, when a concurrent change got there first.</summary>
    public abstract Task<T> RetryOnConflictAsync<T>(Func<Task<T>> attempt);

    /// <summary>
    /// Applies an event's change to a user's cart once per <paramref name="changeId"/>, however often the event is delivered.
    /// Runs inside the handler's inbox transaction.
    /// </summary>
    public abstract Task ChangeUserCartOnceAsync(string userId, string changeId, Action<ShoppingCart> change, CancellationToken cancellationToken);
}
