using Bazaar.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Cart.Carts;

/// <summary>
/// Finds the caller's cart: a signed-in user's own cart, into which an anonymous cart they bring along
/// (cookie or <c>X-Cart-Id</c>) is merged the first time they use the cart after logging in; or, for an
/// anonymous caller, the cart their id names. A cart it makes is saved by the caller's first change.
/// </summary>
public sealed class CartLocator(CartStore store, CartOptions options, TimeProvider time)
{
    public const string CookieName = "bazaar_cart";
    public const string HeaderName = "X-Cart-Id";

    public async Task<ShoppingCart?> FindAsync(HttpContext http, bool create, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var anonymous = await FindAnonymousAsync(AnonymousId(http.Request), now, cancellationToken);
        if (http.User.UserIdOrNull() is not { } userId)
        {
            if (anonymous is null && create)
            {
                anonymous = new ShoppingCart { CreatedAt = now, UpdatedAt = now };
            }
            if (anonymous is not null)
            {
                Remember(http, anonymous.Id);
            }
            return anonymous;
        }

        var cart = await store.FindForUserAsync(userId, cancellationToken);
        if (cart is null && (create || anonymous is not null))
        {
            cart = new ShoppingCart { UserId = userId, CreatedAt = now, UpdatedAt = now };
        }
        if (anonymous is not null && cart is not null)
        {
            foreach (var item in anonymous.Items)
            {
                cart.AddCapped(item.ProductId, item.Quantity, now);
            }
            await store.SaveAsync(cart, mergedAway: anonymous, cancellationToken);
            http.Response.Cookies.Delete(CookieName);
        }
        return cart;
    }

    private async Task<ShoppingCart?> FindAnonymousAsync(string? id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }
        var cart = await store.FindAnonymousAsync(id, cancellationToken);
        if (cart is not null && cart.UpdatedAt + options.AnonymousCartLifetime < now)
        {
            await store.DeleteAsync(cart, cancellationToken);
            return null;
        }
        return cart;
    }

    private static string? AnonymousId(HttpRequest request)
    {
        var id = request.Headers[HeaderName].FirstOrDefault() ?? request.Cookies[CookieName];
        return id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    private static void Remember(HttpContext http, string cartId)
    {
        http.Response.Headers[HeaderName] = cartId;
        http.Response.Cookies.Append(CookieName, cartId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
            IsEssential = true,
        });
    }
}
