using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Bazaar.BrowserTests.Infrastructure;

/// <summary>What a shopper does in the storefront, step by step, through the page's labels and buttons as a person sees them.</summary>
public static partial class Storefront
{
    public sealed record Account(string Username, string Email, string Password);

    public static Account NewAccount() => NewAccount(Guid.NewGuid().ToString("N")[..10]);

    public static Account NewAccount(string tag) => new($"shopper{tag}", $"shopper{tag}@example.com", "Correct-Horse-9");

    public static async Task OpenProductAsync(this IPage page, string productId)
    {
        await page.GotoAsync($"/product/{productId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" })).ToBeVisibleAsync();
    }

    public static async Task AddToCartAsync(this IPage page, int quantity)
    {
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added to your cart");
    }

    public static ILocator CartCount(this IPage page) => page.GetByTestId("cart-count");

    /// <summary>A visitor puts a product in the cart, goes to checkout, and registers there: they end on the checkout page.</summary>
    public static async Task StartCheckoutAsNewCustomerAsync(this IPage page, string productId, int quantity = 1)
    {
        await page.OpenProductAsync(productId);
        await page.AddToCartAsync(quantity);
        await page.GotoAsync("/checkout");
        await page.RegisterFromSignInAsync(NewAccount());
    }

    /// <summary>Registers from the page the site sent them to (sign-in), and ends where that page wanted to return.</summary>
    public static async Task RegisterFromSignInAsync(this IPage page, Account account)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(account.Username);
        await page.GetByLabel("E-mail").FillAsync(account.Email);
        await page.GetByLabel("Full name (optional)").FillAsync("Ada Lovelace");
        await page.GetByLabel("Password (at least 8 characters)").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
    }

    public static async Task SignInAsync(this IPage page, string emailOrUsername, string password)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.GotoAsync("/account/login");
        }
        await page.GetByLabel("E-mail or username").FillAsync(emailOrUsername);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>Fills the checkout's address, picks a test card by its label, places the order and returns its id.</summary>
    public static async Task<string> PlaceOrderAsync(this IPage page, string card = "Visa 4242")
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await page.GetByLabel("Full name").FillAsync("Ada Lovelace");
        await page.GetByLabel("Street and number").FillAsync("12 St James's Square");
        await page.GetByLabel("City").FillAsync("London");
        await page.GetByLabel("Postal code").FillAsync("SW1Y 4JH");
        await page.GetByLabel("Country code (e.g. US, DE)").FillAsync("GB");
        await page.GetByLabel(card).CheckAsync();
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(OrderUrl());
        return OrderUrl().Match(page.Url).Groups["id"].Value;
    }

    /// <summary>The order page updates by itself: this waits for the status it shows, without reloading.</summary>
    public static Task ExpectOrderStatusAsync(this IPage page, string text) =>
        Assertions.Expect(page.GetByTestId("order-status")).ToContainTextAsync(text, new() { Timeout = 30_000 });

    [GeneratedRegex("/orders/(?<id>[^/?#]+)$")]
    private static partial Regex OrderUrl();
}
