using Bazaar.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Cart.Carts;

/// <summary>Carts as rows of the cart database; the cart's version column catches concurrent changes.</summary>
public sealed class DatabaseCartStore(CartDbContext db) : CartStore
{
    public override Task<ShoppingCart?> FindAnonymousAsync(string cartId, CancellationToken cancellationToken) =>
        db.Carts.Include(c => c.Items).FirstOrDefaultAsync(c => c.Id == cartId && c.UserId == null, cancellationToken);

    public override Task<ShoppingCart?> FindForUserAsync(string userId, CancellationToken cancellationToken) =>
        db.Carts.Include(c => c.Items).FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);

    public override async Task SaveAsync(ShoppingCart cart, ShoppingCart? mergedAway, CancellationToken cancellationToken)
    {
        if (db.Entry(cart).State == EntityState.Detached)
        {
            db.Carts.Add(cart);
        }
        if (mergedAway is not null)
        {
            db.Carts.Remove(mergedAway);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public override async Task DeleteAsync(ShoppingCart cart, CancellationToken cancellationToken)
    {
        db.Carts.Remove(cart);
        await db.SaveChangesAsync(cancellationToken);
    }

    public override Task<T> RetryOnConflictAsync<T>(Func<Task<T>> attempt) => ConcurrencyRetry.RunAsync(db, attempt);

    /// <summary>The inbox already makes the change happen once; it is saved with the inbox record.</summary>
    public override async Task ChangeUserCartOnceAsync(string userId, string changeId, Action<ShoppingCart> change, CancellationToken cancellationToken)
    {
        if (await FindForUserAsync(userId, cancellationToken) is { } cart)
        {
            change(cart);
        }
    }
}
